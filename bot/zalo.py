"""The Zalo channel (Zalo Bot Platform): updates become core events, replies become sendMessage calls. No business
rule here.

Zalo has no buttons, keyboards, edits, command menu or file upload: choices are a numbered list answered with the
number or the label (as on the console), and a document the core produced is given by `files` (`bot/file_links.py`):
a signed link to it, or, without PUBLIC_URL, a text saying how to get it."""
from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from bot.coordination import local
from bot.coordination.turns import Turns
from bot.delivery import answer
from bot.file_links import Announced, FileGiver
from bot.output import Registry
from bot.zalo_client import ERRORS, ZaloClient, ZaloError, ZaloQuotaExceeded
from bot.zalo_updates import event_name, parse
from handlers.events import Document, Incoming, Reply

log = logging.getLogger(__name__)
T = TypeVar("T")
ZALO_LIMIT = 2000  # characters of one message
POLL_TIMEOUT = 30  # seconds the platform holds a getUpdates open


class Core(Protocol):
    def handle(self, event: Incoming) -> list[Reply]: ...


@dataclass(frozen=True)
class Pacing:
    """How the poller waits: after its n-th failure in a row, a random time between half and all of
    `first`·2^(n-1), at most `most`; after an idle poll that came back sooner than `min_poll`, the rest of it."""

    first: float = 1.0
    most: float = 60.0
    min_poll: float = 1.0

    def after_failures(self, count: int) -> float:
        ceiling = min(self.most, self.first * 2 ** min(count - 1, 30))
        return random.uniform(ceiling / 2, ceiling)


class ZaloChannel:
    """Holds a Zalo client and the core; is neither. Its port: text, "typing", and documents given by `files`
    (choices degrade to a numbered list)."""

    platform, limit, errors = "zalo", ZALO_LIMIT, ERRORS

    def __init__(self, token: str, api_base: str, core: Core, poll_timeout: int = POLL_TIMEOUT,
                 pacing: Pacing = Pacing(), turns: Turns | None = None, registry: Registry | None = None,
                 files: FileGiver | None = None) -> None:
        """`registry`: the channels replies may leave by (this one is added); its own when not given. `files`: how
        a document is given, as Zalo uploads none (a link, or a notice without PUBLIC_URL)."""
        self.client = ZaloClient(token, api_base)
        self.files = files or Announced()
        self.registry = registry or Registry()
        self.registry.add(self)
        self.handle = core.handle
        self.poll_timeout, self.pacing = poll_timeout, pacing
        self.turns = turns or local().turns("zalo")
        self.bot_id = ""
        self._poller: asyncio.Task[None] | None = None
        self._stopped = False
        self._working: set[asyncio.Task[None]] = set()

    async def prepare(self) -> None:
        me = await self.client.get_me()
        self.bot_id = str(me.get("id", "")) if isinstance(me, dict) else ""

    async def start_polling(self) -> None:
        """Polls until `stop`; raises when the token is refused (401), which no waiting can mend."""
        if self._stopped:
            return
        self._poller = asyncio.create_task(self._poll())
        await asyncio.wait([self._poller])
        if not self._poller.cancelled():
            self._poller.result()

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.client.set_webhook(url, secret)

    async def stop(self) -> None:
        """Ends the poll in progress, finishes the updates already received, closes the connection."""
        self._stopped = True
        if self._poller:
            self._poller.cancel()
            await asyncio.wait([self._poller])
        if self._working:
            await asyncio.wait(self._working)
        await self.client.close()

    async def send_text(self, chat_id: str, text: str, parse_mode: str | None = None) -> None:
        """One message (at most 2,000 characters). Raises ZaloQuotaExceeded when the platform's quota is spent."""
        await self.client.send_message(chat_id, text, parse_mode)

    async def send_document(self, chat_id: str, document: Document) -> None:
        """Zalo uploads no file: its caption and the text that gives it (a signed link, or how else to get it)."""
        given = await self.files.give(self.platform, chat_id, document)
        await self.send_text(chat_id, "\n\n".join(p for p in (document.caption, given) if p.strip()))

    async def show_typing(self, chat_id: str) -> None:
        await self.client.send_chat_action(chat_id, "typing")

    async def feed(self, body: Any) -> None:
        """One update (either body shape): skipped when malformed or not for the bot; else answered (once: the core
        skips a message id it has applied), after the earlier updates of its chat. A reply the quota stops is logged
        and dropped."""
        update = parse(body, self.bot_id)
        if update is None:
            log.info("Zalo update skipped: %s", event_name(body))
            return
        try:
            await self.turns.run(update.event.chat_id, update.message_id, lambda: self._answer(update.event))
        except ZaloQuotaExceeded:
            log.warning("Zalo quota exceeded: the reply to chat %s was not sent", update.event.chat_id)

    async def _answer(self, event: Incoming) -> None:
        await answer(self.registry, self, self.handle, event)

    async def _poll(self) -> None:
        await self._patiently(self.prepare)
        await self._patiently(self.client.delete_webhook)  # getUpdates does not work while a webhook is set
        loop = asyncio.get_running_loop()
        while True:
            began = loop.time()
            update = await self._patiently(lambda: self.client.get_updates(self.poll_timeout))
            if update is None:  # idle: nobody wrote
                await asyncio.sleep(max(0.0, self.pacing.min_poll - (loop.time() - began)))
                continue
            self._start(self._feed_logged(update))

    async def _patiently(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call` again after each failure, waiting longer each time; a refused token (401) is raised at once."""
        failures = 0
        while True:
            try:
                return await call()
            except ZaloError as exc:
                if exc.code == 401:
                    raise
                failures += 1
                wait = self.pacing.after_failures(failures)
                log.warning("Zalo %s failed (%s %s); trying again in %.1f s", exc.method, exc.code, exc.description,
                            wait)
                await asyncio.sleep(wait)

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._working.add(task)
        task.add_done_callback(self._working.discard)

    async def _feed_logged(self, update: dict[str, Any]) -> None:
        try:
            await self.feed(update)
        except Exception:  # a polled update cannot be delivered again; the next ones must still be served
            log.exception("a Zalo update (%s) failed", event_name(update))
