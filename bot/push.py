"""Messages pushed outside a conversation (reminders, announcements): what a channel offers the scheduler, and the
three failures the scheduler acts on, whatever library reported them."""
from __future__ import annotations

from typing import Protocol

from bot.retry import ErrorKinds


class Pusher(Protocol):
    platform: str

    async def push(self, chat_id: str, text: str) -> None: ...


class PushRetryAfter(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class PushBlocked(Exception):
    """The user blocked the bot, or the chat cannot be written to: the subscription ends."""


class PushQuotaExceeded(Exception):
    """The platform's message quota is spent (Zalo's free plan): pushes on it pause, nothing is marked sent."""


def push_error(exc: Exception, kinds: ErrorKinds) -> Exception:
    if kinds.blocked(exc):
        return PushBlocked()
    if kinds.quota(exc):
        return PushQuotaExceeded()
    wait = kinds.retry_after(exc)
    return PushRetryAfter(wait) if wait is not None else exc
