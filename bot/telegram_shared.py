"""What both Telegram adapters share: updates to core events, and reply text escaped and split.

Both libraries' Message and CallbackQuery carry the Bot API's field names, so one translation serves both."""
from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.coordination.turns import Turns
from bot.delivery import handle_showing_typing, in_order, recipient, split_paragraphs
from bot.push import push_error
from bot.retry import ErrorKinds, call_with_retry
from bot.webhook import NotAnUpdate
from handlers.events import Choice, Document, Incoming, Reply

log = logging.getLogger(__name__)
TELEGRAM_LIMIT = 4096


def telegram_messages(text: str) -> list[str]:
    return [html.escape(p, quote=False) for p in split_paragraphs(text, TELEGRAM_LIMIT)]


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


SendText = Callable[[int | str, str, tuple[Choice, ...]], Awaitable[object]]


class TelegramFlow:
    """One update's way through the core and back, the same on both libraries: each adapter gives only
    its library's calls, sending a text (with choices as buttons), a document, and showing "typing"."""

    def __init__(self, handle: Callable[[Incoming], list[Reply]], send_text: SendText,
                 send_typing: Callable[[int], Awaitable[object]], errors: ErrorKinds,
                 send_document: Callable[[int, Document], Awaitable[object]], turns: Turns) -> None:
        self.handle, self.send_text, self.send_typing, self.errors = handle, send_text, send_typing, errors
        self.send_document, self.turns = send_document, turns
        self.username = ""

    async def on_message(self, message: Any, update_id: int | None, edited: bool = False) -> None:
        event = message_event(message, self.username, edited, update_id)
        if event:
            await self.turns.run(event.chat_id, event.update_id, lambda: self._answer(message.chat.id, event))

    async def on_callback(self, query: Any, update_id: int | None) -> None:
        """The press is acknowledged (the button stops spinning) in the chat's turn: a message typed after it is
        handled after it, however slow the acknowledgement."""
        chat_id, event = callback_event(query, update_id)

        async def acknowledge_then_answer() -> None:
            await call_with_retry(query.answer, self.errors, chat_id)
            await self._answer(chat_id, event)

        await self.turns.run(event.chat_id, event.update_id, acknowledge_then_answer)

    async def push(self, chat_id: str, text: str) -> None:
        """A reminder or an announcement: no retry here, the scheduler decides (and unsubscribes a blocked user)."""
        try:
            for piece in telegram_messages(text):
                await self.send_text(int(chat_id), piece, ())
        except Exception as exc:
            raise push_error(exc, self.errors) from exc

    async def _answer(self, chat_id: int, event: Incoming) -> None:
        """Each reply is sent, or fails, on its own: an unreachable receiver silences nobody after it."""
        typing = lambda: call_with_retry(lambda: self.send_typing(chat_id), self.errors, chat_id)  # noqa: E731
        async for reply in in_order(await handle_showing_typing(self.handle, event, typing)):
            target = chat_id if reply.to is None else recipient(reply, "telegram", str(chat_id))
            if target is None:
                continue
            try:
                await self._send(target, reply)
            except Exception as exc:  # logged without its text: it may hold personal data
                log.warning("a reply to chat %s could not be sent: %s", target, type(exc).__name__)

    async def _send(self, target: int | str, reply: Reply) -> None:
        if reply.document:
            await call_with_retry(lambda: self.send_document(target, reply.document), self.errors, target)  # type: ignore[arg-type]
        pieces = telegram_messages(reply.text) if reply.text or reply.choices else []
        for i, piece in enumerate(pieces):
            choices = reply.choices if i == len(pieces) - 1 else ()
            await call_with_retry(lambda p=piece, c=choices: self.send_text(target, p, c), self.errors, target)
