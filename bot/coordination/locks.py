"""Updates of one chat run one at a time and in order; different chats run concurrently. In one process an
asyncio lock per chat; across processes a Redis lock per chat, as aiogram's RedisEventIsolation takes one."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set
    from redis.asyncio import Redis

LOCK_TIMEOUT = 300.0  # seconds a lock outlives a process that died holding it: longer than any update (a dossier)
POLL_EVERY = 0.05  # seconds between tries of a waiting process, as redis-py's Lock polls


class ChatLocks(Protocol):
    def hold(self, chat_key: str) -> AbstractAsyncContextManager[None]: ...


class LocalChatLocks:
    def __init__(self) -> None:
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @asynccontextmanager
    async def hold(self, chat_key: str) -> AsyncIterator[None]:
        async with self._locks[chat_key]:
            yield


class RedisChatLocks:
    """Released in `finally` (redis-py's Lock releases on leaving its block, also on an error); a lock left by a
    killed process expires after LOCK_TIMEOUT. Within the process, a chat's updates first queue on a local lock,
    so that only one of them polls Redis."""

    def __init__(self, redis: Redis, prefix: str, timeout: float = LOCK_TIMEOUT) -> None:
        self.redis, self.prefix, self.timeout = redis, prefix, timeout
        self.local = LocalChatLocks()

    @asynccontextmanager
    async def hold(self, chat_key: str) -> AsyncIterator[None]:
        async with self.local.hold(chat_key):
            async with self.redis.lock(f"{self.prefix}lock:{chat_key}", timeout=self.timeout, sleep=POLL_EVERY):
                yield
