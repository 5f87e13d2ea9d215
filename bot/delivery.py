"""The one reply loop of every chat channel, whatever the platform: the core's work off the event loop with "typing"
shown when it takes a while, then each reply through the port of the platform it is for."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from bot.output import OutputChannel, Registry, send_reply, show_typing
from handlers.events import Incoming, Reply

log = logging.getLogger(__name__)
TYPING_AFTER = 0.3  # seconds of work before the user is shown "typing"


async def answer(registry: Registry, sender: OutputChannel, handle: Callable[[Incoming], list[Reply]],
                 event: Incoming) -> None:
    """Each reply is sent, or fails, on its own: an unreachable receiver silences nobody after it. A spent quota on
    the sender's platform stops the rest (raised: nothing more can be sent there). Notices the core wrote into the
    delivery ledger go last, through this process's outbox, which sends each once (without one, a scheduler's
    next run sends them)."""
    replies = await handle_showing_typing(handle, event, lambda: show_typing(sender, event.chat_id))
    posted = [r.outbox for r in replies if r.outbox is not None]
    async for reply in in_order([r for r in replies if r.outbox is None]):
        to = reply.to.platform if reply.to else sender.platform
        channel = registry.of(to)
        chat_id = reply.to.chat_id if reply.to else event.chat_id
        if channel is None:
            log.warning("a reply to a %s chat cannot be sent: no %s channel here", to, to)
            continue
        try:
            await send_reply(channel, chat_id, reply)
        except Exception as exc:  # logged without its text: it may hold personal data
            if channel is sender and sender.errors.quota(exc):
                raise
            log.warning("a reply to %s chat %s could not be sent: %s", to, chat_id, type(exc).__name__)
    if posted and registry.outbox is not None:
        await registry.outbox.send_now(posted)


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
