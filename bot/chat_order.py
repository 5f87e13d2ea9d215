"""Updates of one chat run one at a time and in order; different chats run concurrently."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class ChatLocks:
    def __init__(self) -> None:
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def run(self, chat_key: str, work: Callable[[], Awaitable[T]]) -> T:
        async with self._locks[chat_key]:
            return await work()
