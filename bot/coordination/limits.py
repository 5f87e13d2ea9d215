"""Push rates and pauses of a platform. In one process the leaky buckets of bot/rate_limits.py and a clock in
memory; across processes a sliding window per platform and per chat in Redis, and pauses as keys that expire.

Both aim at the same HEADROOM below the platform's limit (`rate_limits.spacing`)."""
from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Protocol

from bot.rate_limits import ChatLimiters, spacing, window_limiter

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set
    from redis.asyncio import Redis


class Gate(Protocol):
    def slot(self, chat_id: str | None) -> AbstractAsyncContextManager[None]:
        """Entered when one more push to the platform (and to `chat_id`, when given) keeps within the rates."""
        ...


class Gates(Protocol):
    def gate(self, platform: str, rate: float, per_chat: float) -> Gate: ...


class Pauses(Protocol):
    async def start(self, name: str, seconds: float) -> bool:
        """Pauses `name` for at least `seconds` (a longer pause running is kept); True when none was running."""
        ...

    async def left(self, name: str) -> float:
        """Seconds left of the pause, 0 when none."""
        ...


class LocalGate:
    def __init__(self, rate: float, per_chat: float) -> None:
        self.overall, self.chats = window_limiter(rate), ChatLimiters(per_chat)

    @asynccontextmanager
    async def slot(self, chat_id: str | None) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if chat_id is not None:
                await stack.enter_async_context(self.chats(chat_id))
            await stack.enter_async_context(self.overall)
            yield


class LocalGates:
    def gate(self, platform: str, rate: float, per_chat: float) -> Gate:
        return LocalGate(rate, per_chat)


class LocalPauses:
    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    async def start(self, name: str, seconds: float) -> bool:
        idle = await self.left(name) == 0
        self._until[name] = max(self._until.get(name, 0.0), time.monotonic() + seconds)
        return idle

    async def left(self, name: str) -> float:
        return max(0.0, self._until.get(name, 0.0) - time.monotonic())


# KEYS: one sorted set of grant times per window. ARGV: a unique member, then the count and period (µs) of each.
# Returns the µs to wait for each window (all 0: granted in every one, at Redis's own clock, whichever process).
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local waits, full = {}, false
for i, key in ipairs(KEYS) do
  local count, period = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
  waits[i] = 0
  if redis.call('ZCARD', key) >= count then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    waits[i] = math.max(1, tonumber(oldest[2]) + period - now)
    full = true
  end
end
if not full then
  for i, key in ipairs(KEYS) do
    redis.call('ZADD', key, now, ARGV[1])
    redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2 * i + 1]) / 1000) + 1)
  end
end
return waits
"""


class RedisGate:
    """A sliding window per key: at most `count` grants in any `period`, counted by Redis for every process. In a
    process one push at a time asks while the platform's window is full (the others wait here, not on Redis);
    one held back by its chat's window steps aside."""

    def __init__(self, redis: Redis, key: str, rate: float, per_chat: float) -> None:
        self.redis, self.key = redis, key
        self.windows = (spacing(rate), spacing(per_chat))
        self.take = redis.register_script(TAKE_SLOT)
        self._turn = asyncio.Lock()

    @asynccontextmanager
    async def slot(self, chat_id: str | None) -> AsyncIterator[None]:
        while waits := await self._take_in_turn(chat_id):
            await asyncio.sleep(max(waits) / 1e6)
        yield

    async def _take_in_turn(self, chat_id: str | None) -> list[int]:
        """[] once granted; else the waits of a chat's full window."""
        async with self._turn:
            while (waits := await self._try(chat_id))[0] and not any(waits[1:]):
                await asyncio.sleep(waits[0] / 1e6)
            return waits if any(waits) else []

    async def _try(self, chat_id: str | None) -> list[int]:
        keys = [f"{self.key}:all"] + ([f"{self.key}:chat:{chat_id}"] if chat_id is not None else [])
        windows = self.windows[:len(keys)]
        args = [uuid.uuid4().hex, *(n for count, seconds in windows for n in (count, round(seconds * 1e6)))]
        return [int(w) for w in await self.take(keys=keys, args=args)]


class RedisGates:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix

    def gate(self, platform: str, rate: float, per_chat: float) -> Gate:
        return RedisGate(self.redis, f"{self.prefix}rate:{platform}", rate, per_chat)


# KEYS[1]: the pause. ARGV[1]: its length in ms. Returns 1 when no pause was running.
START_PAUSE = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], 1, 'PX', ARGV[1]) end
if left < 0 then return 1 end
return 0
"""


class RedisPauses:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis, self.prefix = redis, prefix
        self._start = redis.register_script(START_PAUSE)

    async def start(self, name: str, seconds: float) -> bool:
        return bool(await self._start(keys=[f"{self.prefix}pause:{name}"], args=[max(1, round(seconds * 1000))]))

    async def left(self, name: str) -> float:
        return max(0, await self.redis.pttl(f"{self.prefix}pause:{name}")) / 1000
