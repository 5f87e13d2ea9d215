"""Rate limits for pushes: a window limiter (no one-second window over the limit), and one per chat, each kept only
while it still holds anything back, so that a wave to 100,000 chats keeps only the few chats in flight."""
from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

HEADROOM = 0.96  # of the limit the bucket aims at: requests bunch up between us and the platform (about 2% measured)


def window_limiter(rate: float) -> AsyncLimiter:
    """At most `rate` acquisitions in any one-second window: a leaky bucket's burst plus its drain rate stays
    under the limit (with some headroom for the jitter of the network between the bot and the platform)."""
    if rate <= 1:
        return AsyncLimiter(1, 1 / rate)
    burst = max(1.0, rate // 100)
    return AsyncLimiter(burst, burst / (rate * HEADROOM - burst))


def spacing(rate: float) -> tuple[int, float]:
    """(count, seconds) of a sliding window that keeps every one-second window under `rate`: at most `count` in
    any `seconds` lets rate·HEADROOM + count through a second, the same burst as `window_limiter`'s."""
    count = max(1, int(rate // 100))
    return count, count / (rate * HEADROOM)


@dataclass
class _Held:
    limiter: AsyncLimiter
    users: int = 0  # tasks waiting for it or sending under it
    last: float = 0.0  # when the last of them let go


class ChatLimiters:
    """`async with limiters(chat_id):` at most `rate` messages a second to that chat. A chat's bucket is dropped
    once nobody uses it and it has drained (its period has passed since the last use): a new one is the same."""

    def __init__(self, rate: float, sweep_every: int = 1000) -> None:
        self.rate, self.sweep_every = rate, sweep_every
        self._held: dict[str, _Held] = {}
        self._released = 0

    def __len__(self) -> int:
        return len(self._held)

    @asynccontextmanager
    async def __call__(self, chat_id: str) -> AsyncIterator[None]:
        held = self._held.get(chat_id)
        if held is None:
            held = self._held[chat_id] = _Held(window_limiter(self.rate))
        held.users += 1
        try:
            async with held.limiter:
                yield
        finally:
            held.users, held.last = held.users - 1, time.monotonic()
            self._released += 1
            if self._released % self.sweep_every == 0:
                self.sweep()

    def sweep(self) -> None:
        now = time.monotonic()
        drained = [chat for chat, held in self._held.items()
                   if held.users == 0 and now - held.last >= held.limiter.time_period]
        for chat in drained:
            del self._held[chat]
