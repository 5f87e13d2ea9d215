"""Messages pushed outside a conversation (reminders, announcements, notices): sent through a channel's port without
retrying (the scheduler decides), and the three failures the scheduler acts on, whatever library reported them."""
from __future__ import annotations

from bot.output import OutputChannel, split_paragraphs
from bot.retry import ErrorKinds


class PushRetryAfter(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class PushBlocked(Exception):
    """The user blocked the bot, or the chat cannot be written to: the subscription ends."""


class PushQuotaExceeded(Exception):
    """The platform's message quota is spent (Zalo's free plan): pushes on it pause, nothing is marked sent."""


async def push(channel: OutputChannel, chat_id: str, text: str) -> None:
    """`text` in messages of the channel's size; a failure raised as one of the three, or as it came."""
    try:
        for piece in split_paragraphs(text, channel.limit):
            await channel.send_text(chat_id, piece)
    except Exception as exc:
        raise push_error(exc, channel.errors) from exc


def push_error(exc: Exception, kinds: ErrorKinds) -> Exception:
    if kinds.blocked(exc):
        return PushBlocked()
    if kinds.quota(exc):
        return PushQuotaExceeded()
    wait = kinds.retry_after(exc)
    return PushRetryAfter(wait) if wait is not None else exc
