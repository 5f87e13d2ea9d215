"""Update ids already handled, shared by the processes, so that a redelivery (a webhook retried, a restart, the
same update at another process) is dropped before it takes a chat's turn or a database transaction.

The database's record (`handled_updates`, written in the transaction that applies the update) stays the authority;
this is a shared filter in front of it. An id is marked only after its update was handled without an error, never
claimed before: a process killed while handling would otherwise leave the id marked for a day and its redelivery
dropped, the update lost. Two deliveries of one id at once wait on the chat's lock, so the second finds the mark."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is imported only where REDIS_URL is set
    from redis.asyncio import Redis

KEPT = 24 * 3600  # seconds an id is remembered: platforms stop redelivering well within a day


class Seen(Protocol):
    async def handled(self, key: str) -> bool: ...
    async def mark(self, key: str) -> None: ...


class NothingShared:
    """One process: the database's record alone tells a redelivery (it is also what a restart finds)."""

    async def handled(self, key: str) -> bool:
        return False

    async def mark(self, key: str) -> None:
        return None


class RedisSeen:
    def __init__(self, redis: Redis, prefix: str, kept: int = KEPT) -> None:
        self.redis, self.prefix, self.kept = redis, prefix, kept

    async def handled(self, key: str) -> bool:
        return bool(await self.redis.exists(f"{self.prefix}seen:{key}"))

    async def mark(self, key: str) -> None:
        await self.redis.set(f"{self.prefix}seen:{key}", 1, nx=True, ex=self.kept)
