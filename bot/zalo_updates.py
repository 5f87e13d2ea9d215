"""Zalo Bot Platform updates as core events, whatever shape they come in. The message id goes with the event, so
that the core applies a message delivered twice once (durably: also after a restart, or in another process).

An update is `{event_name, message}`, flat or wrapped in `{"ok": true, "result": ...}`; every id becomes a string.
Anything unexpected in it makes it skipped, never an exception."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.events import Incoming

TEXT = "message.text.received"
ATTACHMENTS = {  # event -> (the core's attachment kind, the message fields that may hold its URL or id)
    "message.image.received": ("photo", ("photo_url", "photo")),
    "message.sticker.received": ("sticker", ("sticker", "url")),
    "message.voice.received": ("voice", ("voice_url", "url")),
    "message.unsupported.received": ("unsupported", ()),
}


@dataclass(frozen=True)
class ZaloUpdate:
    message_id: str | None  # None when the platform gave none (such an update cannot be deduplicated)
    event: Incoming


def unwrap(body: Any) -> dict[str, Any] | None:
    if isinstance(body, dict) and "message" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body, dict) else None


def event_name(body: Any) -> str:
    """For logs: the event's name, never its content."""
    update = unwrap(body)
    return str(update.get("event_name", "?"))[:64] if update else "not an object"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _id(value: Any) -> str:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _first_text(fields: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((v for k in keys if isinstance(v := fields.get(k), str) and v), None)


def parse(body: Any, bot_id: str = "") -> ZaloUpdate | None:
    """The update as an event; None when there is nothing to answer: a malformed or unknown update, the bot's own
    message echoed back, or a non-text message in a group (groups deliver only what addresses the bot)."""
    update = unwrap(body)
    message = _dict(update.get("message")) if update else {}
    name = update.get("event_name") if update else None
    if not isinstance(name, str) or not name:
        name = TEXT if "text" in message else ""  # an older sample of getUpdates has no event_name
    sender, chat = _dict(message.get("from")), _dict(message.get("chat"))
    user_id = _id(sender.get("id"))
    chat_id = _id(chat.get("id")) or user_id
    if name != TEXT and name not in ATTACHMENTS or not chat_id:
        return None
    if sender.get("is_bot") is True or (bot_id and user_id == bot_id):
        return None
    text = _first_text(message, ("text", "caption")) or ""
    kind, fields = ATTACHMENTS.get(name, (None, ()))
    if (kind is None and not text.strip()) or (kind and str(chat.get("chat_type", "")).upper() == "GROUP"):
        return None
    message_id = _id(message.get("message_id")) or None
    event = Incoming("zalo", chat_id, user_id, text=text, attachment=kind, attachment_id=_first_text(message, fields),
                     display_name=_first_text(sender, ("display_name", "name", "first_name")) or "",
                     update_id=message_id)
    return ZaloUpdate(message_id, event)
