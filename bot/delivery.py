"""What every chat channel does with the core's replies, whatever the platform: where a reply goes, how it is cut
to the platform's message size, and "typing" shown while the core works."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from handlers.events import Incoming, Reply

log = logging.getLogger(__name__)
TYPING_AFTER = 0.3  # seconds of work before the user is shown "typing"


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


def recipient(reply: Reply, platform: str, sender_chat: str) -> str | None:
    """The chat on `platform` a reply goes to: the sender's, or the one it is addressed to. None when it is
    addressed to another platform's chat, which this channel cannot reach."""
    if reply.to is None:
        return sender_chat
    if reply.to.platform == platform:
        return reply.to.chat_id
    log.warning("a reply addressed to a %s chat cannot be sent from %s; skipped", reply.to.platform, platform)
    return None


async def in_order(replies: list[Reply]) -> AsyncIterator[Reply]:
    """The replies in order; files made later (`Reply.later`) are made off the event loop when their turn comes,
    once the replies before them are sent."""
    for reply in replies:
        if reply.later is None:
            yield reply
            continue
        for made in await asyncio.to_thread(reply.made):
            yield made


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
