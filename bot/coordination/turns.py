"""A chat's turn: its updates one at a time (across processes when the locks are shared), each update id handled
once. What both Telegram backends and Zalo go through."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.coordination.locks import ChatLocks
from bot.coordination.seen import Seen

T = TypeVar("T")


class Turns:
    def __init__(self, locks: ChatLocks, seen: Seen, platform: str) -> None:
        self.locks, self.seen, self.platform = locks, seen, platform

    async def run(self, chat_id: str, update_id: str | None, work: Callable[[], Awaitable[T]]) -> T | None:
        """`work`'s result in the chat's turn; None, without running it, when the update was handled already. The
        id is marked once `work` returns: an error leaves it free for the redelivery."""
        async with self.locks.hold(f"{self.platform}:{chat_id}"):
            seen_key = f"{self.platform}:{update_id}" if update_id else None
            if seen_key and await self.seen.handled(seen_key):
                return None
            result = await work()
            if seen_key:
                await self.seen.mark(seen_key)
            return result
