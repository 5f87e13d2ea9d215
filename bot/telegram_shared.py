"""What both Telegram adapters share: updates to core events, and reply text escaped and split.

Both libraries' Message and CallbackQuery carry the Bot API's field names, so one translation serves both."""
from __future__ import annotations

import asyncio
import html
from collections.abc import Awaitable, Callable
from typing import Any

from handlers.events import Incoming, Reply

TELEGRAM_LIMIT = 4096


def split_paragraphs(text: str, limit: int) -> list[str]:
    """Pieces under `limit`, cut between paragraphs, then between lines, then between words."""
    pieces: list[str] = []
    current = ""
    for block in text.split("\n"):
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(block) > limit:
            cut = block.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(block[:cut])
            block = block[cut:].lstrip()
        current = block
    if current:
        pieces.append(current)
    return pieces or [""]


def telegram_messages(text: str) -> list[str]:
    return [html.escape(p, quote=False) for p in split_paragraphs(text, TELEGRAM_LIMIT)]


def addressed(text: str, chat_is_private: bool, username: str) -> bool:
    """In a group the bot answers commands and messages that mention it; in a private chat, everything."""
    return chat_is_private or text.startswith("/") or bool(username) and f"@{username}".lower() in text.lower()


def without_mention(text: str, username: str) -> str:
    if not username or text.startswith("/"):
        return text
    return text.replace(f"@{username}", "").strip()


def attachment_kind(message: Any) -> str | None:
    return next((kind for kind in ("photo", "document", "sticker", "voice") if getattr(message, kind, None)), None)


def message_event(message: Any, username: str) -> Incoming | None:
    """A message as a core event; None when a group message is not addressed to the bot."""
    text = message.text or message.caption or ""
    if not addressed(text, message.chat.type == "private", username):
        return None
    user = str(message.from_user.id) if message.from_user else ""
    return Incoming("telegram", str(message.chat.id), user, text=without_mention(text, username),
                    attachment=attachment_kind(message))


def callback_event(query: Any) -> tuple[int, Incoming]:
    """A button press as a core event, with the chat to answer in; the pressed message is its origin."""
    chat_id = query.message.chat.id if query.message else query.from_user.id
    origin = str(query.message.message_id) if query.message else None
    return chat_id, Incoming("telegram", str(chat_id), str(query.from_user.id), payload=query.data, origin=origin)


TYPING_AFTER = 0.3  # seconds of work before the user is shown "typing"


async def handle_showing_typing(handle: Callable[[Incoming], list[Reply]], event: Incoming,
                                show_typing: Callable[[], Awaitable[object]]) -> list[Reply]:
    """Run the core off the event loop; show "typing" only when it takes a noticeable time."""

    async def typing_later() -> None:
        await asyncio.sleep(TYPING_AFTER)
        await show_typing()

    indicator = asyncio.create_task(typing_later())
    try:
        return await asyncio.to_thread(handle, event)
    finally:
        indicator.cancel()
