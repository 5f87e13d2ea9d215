"""The coordination of several processes through one Redis (REDIS_URL)."""
from __future__ import annotations

from redis.asyncio import Redis

from bot.coordination import Coordination
from bot.coordination.limits import RedisGates, RedisPauses
from bot.coordination.locks import RedisChatLocks
from bot.coordination.seen import RedisSeen

PREFIX = "trolythidua"


def shared(url: str, scope: str) -> Coordination:
    """Keys under `trolythidua:<scope>:`, the scope naming the deployment's bots. Nothing connects yet: the client
    connects on its first command, in the event loop that serves."""
    redis, prefix = Redis.from_url(url), f"{PREFIX}:{scope}:"
    return Coordination(RedisChatLocks(redis, prefix), RedisSeen(redis, prefix), RedisGates(redis, prefix),
                        RedisPauses(redis, prefix), redis.aclose)
