"""What both Telegram adapters share: updates to core events, and reply text escaped.

Both libraries' Message and CallbackQuery carry the Bot API's field names, so one translation serves both."""
from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from bot.coordination.turns import Turns
from bot.delivery import answer
from bot.output import OutputChannel, Registry
from bot.retry import call_with_retry
from bot.webhook import NotAnUpdate
from handlers.events import Incoming, Reply

TELEGRAM_LIMIT = 4096


def telegram_html(text: str) -> str:
    """Plain text as the HTML parse mode shows it literally."""
    return html.escape(text, quote=False)


def update_body(data: dict) -> dict:
    """A webhook body that is a Telegram update (an integer update_id); else NotAnUpdate."""
    if not isinstance(data.get("update_id"), int) or isinstance(data.get("update_id"), bool):
        raise NotAnUpdate("no integer update_id")
    return data


def update_chat(update: Any) -> object:
    """The chat an update (either library's, with the Bot API's field names) belongs to, for its place in line."""
    query = update.callback_query
    if query is not None:
        return query.message.chat.id if query.message else query.from_user.id
    message = update.message or update.edited_message or update.channel_post
    return message.chat.id if message is not None else update.update_id


def addressed(text: str, chat_is_private: bool, username: str) -> bool:
    """In a group the bot answers its own commands and messages that mention it; in a private chat, everything
    but a command named for another bot ('/start@other_bot')."""
    if text.startswith("/"):
        head = text.split(maxsplit=1)[0]
        named = head.partition("@")[2]
        return not named or not username or named.lower() == username.lower()
    return chat_is_private or bool(username) and f"@{username}".lower() in text.lower()


def without_mention(text: str, username: str) -> str:
    if not username or text.startswith("/"):
        return text
    return text.replace(f"@{username}", "").strip()


def attachment(message: Any) -> tuple[str | None, str | None, str | None]:
    """(kind, file id, file name) of what the message carries; the largest size of a photo."""
    kind = next((k for k in ("photo", "document", "sticker", "voice") if getattr(message, k, None)), None)
    if kind is None:
        return None, None, None
    item = getattr(message, kind)
    item = item[-1] if isinstance(item, (list, tuple)) else item
    return kind, item.file_id, getattr(item, "file_name", None)


def message_event(message: Any, username: str, edited: bool = False, update_id: int | None = None) -> Incoming | None:
    """A message (or an edit of one) as a core event; None when a group message is not addressed to the bot."""
    text = message.text or message.caption or ""
    if not addressed(text, message.chat.type == "private", username):
        return None
    user = str(message.from_user.id) if message.from_user else ""
    kind, file_id, file_name = attachment(message)
    return Incoming("telegram", str(message.chat.id), user, text=without_mention(text, username),
                    attachment=kind, attachment_id=file_id, attachment_name=file_name, edited=edited,
                    update_id=_update_id(update_id))


def callback_event(query: Any, update_id: int | None = None) -> tuple[int, Incoming]:
    """A button press as a core event, with the chat to answer in; the pressed message is its origin."""
    chat_id = query.message.chat.id if query.message else query.from_user.id
    origin = str(query.message.message_id) if query.message else None
    return chat_id, Incoming("telegram", str(chat_id), str(query.from_user.id), payload=query.data, origin=origin,
                             update_id=_update_id(update_id))


def _update_id(update_id: int | None) -> str | None:
    return None if update_id is None else str(update_id)


class TelegramFlow:
    """One update's way through the core and back, the same on both libraries: updates become core events, taken
    in their chat's turn; the replies leave through the shared loop, by the channel's port (`channel`)."""

    def __init__(self, handle: Callable[[Incoming], list[Reply]], channel: OutputChannel, registry: Registry,
                 turns: Turns) -> None:
        self.handle, self.channel, self.registry, self.turns = handle, channel, registry, turns
        self.username = ""

    async def on_message(self, message: Any, update_id: int | None, edited: bool = False) -> None:
        event = message_event(message, self.username, edited, update_id)
        if event:
            await self.turns.run(event.chat_id, event.update_id, lambda: self._answer(event))

    async def on_callback(self, query: Any, update_id: int | None) -> None:
        """The press is acknowledged (the button stops spinning) in the chat's turn: a message typed after it is
        handled after it, however slow the acknowledgement."""
        chat_id, event = callback_event(query, update_id)

        async def acknowledge_then_answer() -> None:
            await call_with_retry(query.answer, self.channel.errors, chat_id)
            await self._answer(event)

        await self.turns.run(event.chat_id, event.update_id, acknowledge_then_answer)

    async def _answer(self, event: Incoming) -> None:
        await answer(self.registry, self.channel, self.handle, event)
