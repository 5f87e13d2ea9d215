"""One "process" contending for a chat's Redis lock (`python -m tests.lock_contender URL PREFIX CHAT NAME TIMES`):
each time inside the lock it records its entry and its exit in a Redis list, so that the test can tell whether
two processes were ever inside at once."""
from __future__ import annotations

import asyncio
import sys

from redis.asyncio import Redis

from bot.coordination.locks import RedisChatLocks


async def contend(url: str, prefix: str, chat: str, name: str, times: int) -> None:
    redis = Redis.from_url(url)
    locks, events = RedisChatLocks(redis, prefix), f"{prefix}events"
    await redis.rpush(f"{prefix}ready", name)
    await redis.blpop([f"{prefix}go:{name}"], timeout=30)  # every contender starts together
    for _ in range(times):
        async with locks.hold(chat):
            await redis.rpush(events, f"enter {name}")
            await asyncio.sleep(0.005)  # a turn that yields: another process inside now would be seen
            await redis.rpush(events, f"exit {name}")
    await redis.aclose()


if __name__ == "__main__":
    url, prefix, chat, name, times = sys.argv[1:6]
    asyncio.run(contend(url, prefix, chat, name, int(times)))
