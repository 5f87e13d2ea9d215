"""Long polling that confirms updates to Telegram only once they are handled and committed.

getUpdates hands out the updates after the last confirmed one, and an update is confirmed by asking for the next
ones (offset past it). So a batch is handled whole (its chats at once, each chat in order) before the next call
confirms it: a process killed in the middle of a batch leaves it unconfirmed, Telegram delivers it again, and the
core applies once what it had already applied (its durable record of update ids). The libraries' own pollers
confirm a batch as soon as it is fetched, which loses the updates in flight."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

log = logging.getLogger(__name__)
Fetch = Callable[[int | None], Awaitable[Sequence[tuple[int, Any]]]]  # offset -> (update id, update) of a batch
MAX_BACKOFF = 30.0


async def poll(fetch: Fetch, handle: Callable[[Any], Awaitable[None]], stop: asyncio.Event,
               fatal: Callable[[Exception], bool], chat_of: Callable[[Any], object]) -> None:
    """Until `stop` is set (the batch in hand is finished first) or a `fatal` error (a refused token) is raised.
    The updates of one chat are handled one after the other, in order; different chats at once."""
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        try:
            batch = await _unless_stopped(fetch(offset), stop)
        except Exception as exc:
            if fatal(exc):
                raise
            failures += 1
            wait = min(MAX_BACKOFF, 0.5 * 2 ** (failures - 1))
            log.warning("getUpdates failed (%s); trying again in %.1f s", type(exc).__name__, wait)
            await _unless_stopped(asyncio.sleep(wait), stop)
            continue
        if batch is None:
            return
        failures = 0
        chats: dict[object, list[Any]] = {}
        for _, update in batch:
            chats.setdefault(chat_of(update), []).append(update)
        await asyncio.gather(*(_in_order(updates, handle) for updates in chats.values()))
        if batch:
            offset = batch[-1][0] + 1


async def _in_order(updates: Sequence[Any], handle: Callable[[Any], Awaitable[None]]) -> None:
    for update in updates:
        try:
            await handle(update)
        except Exception as exc:  # the rest of the batch is still served
            log.error("an update failed: %s", type(exc).__name__)  # its message may hold personal data


async def _unless_stopped(work: Awaitable[Any], stop: asyncio.Event) -> Any:
    """`work`'s result, or None once `stop` is set first (the work is then cancelled)."""
    working, stopping = asyncio.ensure_future(work), asyncio.ensure_future(stop.wait())
    await asyncio.wait({working, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not working.done():
        working.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await working
        return None
    return working.result()
