"""Bot API calls retried as the platforms ask: 429 after `retry_after`, network errors with backoff.

A user who blocked the bot is logged and skipped; nothing else is swallowed."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class ErrorKinds:
    """How one library reports the three cases."""

    retry_after: Callable[[Exception], float | None]
    network: Callable[[Exception], bool]
    blocked: Callable[[Exception], bool]
    quota: Callable[[Exception], bool] = lambda _exc: False  # a spent quota that no short wait mends


async def call_with_retry(call: Callable[[], Awaitable[T]], kinds: ErrorKinds, chat_id: int | str,
                          attempts: int = 5, backoff: float = 0.5) -> T | None:
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except Exception as exc:
            if kinds.blocked(exc):
                log.warning("chat %s blocked the bot or cannot be written to; reply dropped", chat_id)
                return None
            wait = kinds.retry_after(exc)
            if wait is None and kinds.network(exc):
                wait = backoff * 2 ** (attempt - 1)
            if wait is None or attempt == attempts:
                raise
            log.info("retrying a call for chat %s in %.1f s: %s", chat_id, wait, type(exc).__name__)
            await asyncio.sleep(wait)
    return None
