"""Reply text for Telegram: user text escaped for HTML parse mode, split under the message limit on paragraphs."""
from __future__ import annotations

import html

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


def attachment_kind(photo: object, document: object, sticker: object, voice: object) -> str | None:
    for kind, present in (("photo", photo), ("document", document), ("sticker", sticker), ("voice", voice)):
        if present:
            return kind
    return None
