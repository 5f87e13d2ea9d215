"""The scheduler: reminders, announcements and notices from the ledger to the platforms, each sent once, within
limits.

Each run: rows claimed by a process that died go back to pending, and files given by links past their time are
deleted; the reminders now due get their rows (one per subscriber, created once whatever number of processes run
this); then rows are claimed in batches, sent through each platform's limiter, and marked. A crash between claim and
mark resends at most the rows in flight.

It is also the outbox of its process: a notice the core wrote (in the transaction of the change it tells of) is
sent at once by `send_now`, claimed and marked like any row; one its process could not send, a later run sends. So
are its own reports (an announcement's progress, a spent quota's warning to the admins): posted in the ledger under
keys that name them, so that several processes send each once."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.coordination.limits import Gate, Gates, LocalGates, LocalPauses, Pauses
from bot.output import OutputChannel
from bot.push import PushBlocked, PushQuotaExceeded, PushRetryAfter, push
from handlers.events import Address
from handlers.reminders import RETURNED_KEY, TZ, Reminders
from storage.ledger import Claimed
from storage.models import Nomination
from storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
UPDATES_KEPT = dt.timedelta(days=2)  # how long an applied update's id is kept against a redelivery
REPORT_KEY = "s:"  # a ledger key 's:…': the scheduler's own report to an author or an admin, not counted as sent
PROGRESS_EVERY = 5.0  # seconds between an announcement's progress reports, whatever the number of processes


@dataclass(frozen=True)
class Limits:
    rate: float = 30.0  # messages per second, all chats of the platform
    per_chat: float = 1.0
    quota_pause: float = 3600.0  # seconds pushes stop after the platform says its quota is spent


@dataclass(frozen=True)
class _Platform:
    """A platform's limits, its gate, and the names of its two pauses (kept where every process sees them):
    a spent quota (rows stay pending for a later run) and a 429's retry_after (flood control is per bot, so every
    worker waits)."""

    limits: Limits
    gate: Gate
    quota: str
    held: str


async def _wait_out(pauses: Pauses, name: str) -> None:
    while (wait := await pauses.left(name)) > 0:
        await asyncio.sleep(wait)


class Scheduler:
    def __init__(self, engine: Engine, reminders: Mapping[str, Reminders], pushers: Mapping[str, OutputChannel],
                 limits: Mapping[str, Limits], admins: Sequence[Address], now: Callable[[], dt.datetime],
                 batch: int = 100, concurrency: int = 100, lease: float = 300.0, retries: int = 3,
                 gates: Gates | None = None, pauses: Pauses | None = None) -> None:
        """`gates` and `pauses`: this process's own unless given (shared ones when several processes push)."""
        self.engine, self.reminders, self.pushers, self.admins, self.now = engine, reminders, pushers, admins, now
        self.texts = next(iter(reminders.values())).texts  # the texts every plan shares: pauses, progress
        self.pauses, gates = pauses or LocalPauses(), gates or LocalGates()
        self.platforms = {p: self._platform(p, limits.get(p, Limits()), gates) for p in pushers}
        self.batch, self.concurrency, self.lease, self.retries = batch, concurrency, lease, retries
        self.worker = uuid.uuid4().hex[:12]
        self._last_progress: dict[int, float] = {}
        self._stop = asyncio.Event()  # set by `run_forever`'s caller to stop between batches

    @staticmethod
    def _platform(name: str, limits: Limits, gates: Gates) -> _Platform:
        return _Platform(limits, gates.gate(name, limits.rate, limits.per_chat), f"quota:{name}", f"held:{name}")

    async def run_forever(self, stop: asyncio.Event, every: float = 30.0) -> None:
        self._stop = stop
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("scheduler run failed; next run in %.0f s", every)
            try:
                await asyncio.wait_for(stop.wait(), every)
            except asyncio.TimeoutError:
                pass

    async def run_once(self) -> int:
        """Everything due now; returns the number of messages sent (the scheduler's own reports apart). Claiming,
        sending and marking overlap: the next batch is claimed while this one is sent, and outcomes are marked
        every 50 ms, so that few rows are ever claimed and unmarked (those a crash would send again)."""
        now = self.now()
        await asyncio.to_thread(self._prepare, now)
        queue: asyncio.Queue[tuple[Claimed, str | None] | None] = asyncio.Queue(self.batch)
        outcomes: list[tuple[Claimed, str]] = []
        workers = [asyncio.create_task(self._work(queue, outcomes)) for _ in range(self.concurrency)]
        producing = asyncio.create_task(self._produce(queue, now))
        sent = 0
        while not (producing.done() and all(w.done() for w in workers)):
            await asyncio.wait([producing, *workers], timeout=0.05)
            sent += await self._flush(outcomes, now)
        producing.result()
        return sent + await self._flush(outcomes, now)

    async def _produce(self, queue: asyncio.Queue[tuple[Claimed, str | None] | None], now: dt.datetime) -> None:
        try:
            while not self._stop.is_set():
                batch = await asyncio.to_thread(self._claim, now, await self._reachable())
                if not batch:
                    break
                for item in batch:
                    await queue.put(item)
        finally:
            for _ in range(self.concurrency):
                await queue.put(None)

    async def _work(self, queue: asyncio.Queue[tuple[Claimed, str | None] | None],
                    outcomes: list[tuple[Claimed, str]]) -> None:
        """A row whose limits cannot be read (the shared ones unreachable) goes back to pending: a worker never dies
        with rows still queued for it."""
        while (item := await queue.get()) is not None:
            outcomes.append((item[0], await self._outcome(*item)))

    async def _outcome(self, c: Claimed, text: str | None) -> str:
        try:
            return await self._send(c, text)
        except Exception as exc:
            log.warning("push on %s not attempted: %s", c.platform, type(exc).__name__)
            return "pending"

    async def send_now(self, ids: Sequence[int]) -> None:
        """The notices of these ledger rows, at once (the outbox of this process): those still pending are claimed,
        sent through the gates and marked; a failure leaves a row to a later run."""
        if not ids:
            return
        now = self.now()
        try:
            claimed = await asyncio.to_thread(self._claim, now, await self._reachable(), ids)
            outcomes = await asyncio.gather(*(self._outcome(c, text) for c, text in claimed))
            await self._flush(list(zip((c for c, _ in claimed), outcomes)), now)
        except Exception as exc:  # the rows stay in the ledger: pending, or claimed until the lease ends
            log.warning("notices not sent now: %s", type(exc).__name__)

    async def _flush(self, outcomes: list[tuple[Claimed, str]], now: dt.datetime) -> int:
        done, outcomes[:] = list(outcomes), []
        if not done:
            return 0
        await asyncio.to_thread(self._mark, done, now)
        await self._report({c.announcement_id for c, _ in done if c.announcement_id})
        return sum(1 for c, status in done if status == "sent" and not c.key.startswith(REPORT_KEY))

    async def _reachable(self) -> list[str]:
        return [name for name, p in self.platforms.items() if not await self.pauses.left(p.quota)]

    # -- the database side (in a worker thread) -------------------------------------------------------------------
    def _prepare(self, now: dt.datetime) -> None:
        with UnitOfWork(self.engine) as uow:
            released = uow.ledger.release_stale(now - dt.timedelta(seconds=self.lease))
            uow.updates.forget_before(now - UPDATES_KEPT)
            uow.linked_files.forget_expired(now)
            for plan_id, reminders in self.reminders.items():
                for due in reminders.schedule.due(now):
                    uow.ledger.schedule_reminder(plan_id, due.key, due.at, due.deadline.unit_classes)
                for award_kind, at in reminders.schedule.returned_due(now):
                    uow.ledger.schedule_returned(plan_id, award_kind, RETURNED_KEY, at, now)
            uow.commit()
        if released:
            log.warning("%d deliveries claimed by a stopped process are pending again", released)

    def _claim(self, now: dt.datetime, reachable: list[str],
               only: Sequence[int] | None = None) -> list[tuple[Claimed, str | None]]:
        """A batch of rows of the platforms not paused (of `only` these rows, if given), with their texts; None for
        a reminder whose deadline has passed (marked expired)."""
        if not reachable:
            return []
        with UnitOfWork(self.engine) as uow:  # rows of a platform without a channel here wait for a process with one
            claimed = uow.ledger.claim(now, self.batch, self.worker, reachable, only)
            texts = self._texts(uow, claimed, now)
            uow.commit()
        return list(zip(claimed, texts))

    def _texts(self, uow: UnitOfWork, claimed: Sequence[Claimed], now: dt.datetime) -> list[str | None]:
        """Each row's text, from a few queries per batch whatever its size: the announcements' texts, the open
        drafts of the users a reminder goes to (a reminder says how many they have left), and the nominations
        still returned that rows remind of. A notice has its own."""
        announcements = uow.ledger.announcement_texts({c.announcement_id for c in claimed if c.announcement_id})
        deadlines = [c for c in claimed if c.text is None and c.announcement_id is None
                     and not c.key.startswith(RETURNED_KEY)]
        drafts: dict[tuple[str, int], int] = {}
        for plan_id in {c.plan_id for c in deadlines if c.user_id is not None}:
            uow.scope(plan_id, None)
            users = {c.user_id for c in deadlines if c.plan_id == plan_id and c.user_id is not None}
            drafts |= {(plan_id, user): n for user, n in uow.nominations.open_counts(users).items()}
        uow.scope(None, None)
        returned = uow.nominations.still_returned({int(c.key.removeprefix(RETURNED_KEY)) for c in claimed
                                                   if c.key.startswith(RETURNED_KEY)})
        today = now.astimezone(TZ).date()
        return [c.text if c.text is not None
                else announcements.get(c.announcement_id) if c.announcement_id is not None
                else self._returned(uow, c, returned, today) if c.key.startswith(RETURNED_KEY)
                else self._reminder(c, today, drafts.get((c.plan_id or "", c.user_id or 0), 0)) for c in claimed]

    def _returned(self, uow: UnitOfWork, c: Claimed, returned: Mapping[int, Nomination], today: dt.date
                  ) -> str | None:
        """The reminder of a returned nomination; None (expired) once resubmitted, erased or past its deadline."""
        nomination = returned.get(int(c.key.removeprefix(RETURNED_KEY)))
        reminders = self.reminders.get(c.plan_id or "")
        if nomination is None or reminders is None:
            return None
        unit = uow.units.get(nomination.unit_id)
        return reminders.returned_text(nomination, unit.name if unit else "", today)

    def _reminder(self, c: Claimed, today: dt.date, drafts: int) -> str | None:
        reminders = self.reminders.get(c.plan_id or "")
        deadline = reminders.schedule.deadline(c.key) if reminders else None
        if reminders is None or deadline is None or today > deadline.last_day:
            return None
        return reminders.reminder_text(deadline, today, drafts)

    def _mark(self, outcomes: list[tuple[Claimed, str]], now: dt.datetime) -> None:
        by_status: dict[str, list[int]] = {}
        for c, status in outcomes:
            by_status.setdefault(status, []).append(c.id)
        with UnitOfWork(self.engine) as uow:
            uow.ledger.release(by_status.pop("pending", []))
            for status, ids in by_status.items():
                uow.ledger.mark(ids, status, now)
            for c, status in outcomes:
                if status == "blocked":
                    uow.ledger.unsubscribe(c.platform, c.chat_id)
            uow.commit()

    # -- the sending side ------------------------------------------------------------------------------------------
    async def _send(self, c: Claimed, text: str | None) -> str:
        """The row's new status: sent, blocked, expired, failed; pending when it is to be tried again later."""
        if text is None:
            return "expired"
        platform = self.platforms[c.platform]
        for _ in range(self.retries):
            if await self.pauses.left(platform.quota):
                return "pending"
            async with platform.gate.slot(c.chat_id):
                await _wait_out(self.pauses, platform.held)  # also for a worker that was already at the gate
                try:
                    await push(self.pushers[c.platform], c.chat_id, text)
                    return "sent"
                except PushRetryAfter as wait:
                    log.info("%s asked to wait %.1f s: every push to it waits", c.platform, wait.seconds)
                    await self.pauses.start(platform.held, wait.seconds)
                except PushBlocked:
                    log.info("a %s chat blocked the bot: unsubscribed", c.platform)
                    return "blocked"
                except PushQuotaExceeded:
                    await self._pause(c.platform)
                    return "pending"
                except Exception as exc:  # network or server trouble: the next run tries again
                    log.warning("push on %s failed: %s", c.platform, type(exc).__name__)
                    return "pending" if c.attempts < self.retries else "failed"
        return "pending"

    async def _pause(self, name: str) -> None:
        """The admins on other platforms are told once per pause: the pause is shared, and the ledger key names the
        pause's window of time, so a process that starts one just after another's posts no second warning."""
        platform = self.platforms[name]
        if not await self.pauses.start(platform.quota, platform.limits.quota_pause):
            return  # this pause was announced already, by this process or another
        now = self.now()
        until = (now + dt.timedelta(seconds=platform.limits.quota_pause)).astimezone(TZ)
        log.warning("%s quota exceeded: pushes paused for %.0f s", name, platform.limits.quota_pause)
        text = self.texts.render("reminders/paused.j2", platform=name.capitalize(),
                                 until=until.strftime("%H:%M ngày %d/%m/%Y"))
        window = int(now.timestamp() // platform.limits.quota_pause)
        await self.send_now(await asyncio.to_thread(self._post, [a for a in self.admins if a.platform != name],
                                                    text, f"{REPORT_KEY}quota:{name}:{window}"))

    async def _report(self, announcements: set[int]) -> None:
        """Progress to the author every few seconds, and the final report once."""
        for announcement_id in announcements:
            await self.send_now(await asyncio.to_thread(self._progress, announcement_id))

    def _progress(self, announcement_id: int) -> list[int]:
        """The author's report, posted in the ledger (the final one with the announcement's closing, in its
        transaction); at most one a PROGRESS_EVERY window of the clock whatever the number of processes, as the key
        names the window. The ids of the rows posted."""
        now = self.now()
        with UnitOfWork(self.engine) as uow:
            counts = uow.ledger.progress(announcement_id)
            announcement = uow.ledger.announcement(announcement_id)
            assert announcement is not None
            done = not counts.get("pending") and not counts.get("claimed")
            final = done and uow.ledger.finish(announcement_id, now)
            last = self._last_progress.get(announcement_id, 0.0)
            if not final and (done or time.monotonic() - last < PROGRESS_EVERY):
                uow.commit()
                return []
            self._last_progress[announcement_id] = time.monotonic()
            text = self.texts.render("reminders/progress.j2", final=final, total=announcement.total,
                                     sent=counts.get("sent", 0), failed=counts.get("failed", 0),
                                     blocked=counts.get("blocked", 0))
            window = "final" if final else str(int(now.timestamp() // PROGRESS_EVERY))
            author = Address(announcement.author_platform, announcement.author_chat_id)
            posted = self._post_in(uow, [author], text, f"{REPORT_KEY}progress:{announcement_id}:{window}", now)
            uow.commit()
        return posted

    def _post(self, to: Sequence[Address], text: str, key: str) -> list[int]:
        with UnitOfWork(self.engine) as uow:
            posted = self._post_in(uow, to, text, key, self.now())
            uow.commit()
        return posted

    def _post_in(self, uow: UnitOfWork, to: Sequence[Address], text: str, key: str, now: dt.datetime) -> list[int]:
        """Rows for the addresses on platforms served here (no other process may serve the rest); one with this key
        posted already is not posted again."""
        ids = [uow.ledger.post(a.platform, a.chat_id, text, key, now) for a in to if a.platform in self.pushers]
        return [i for i in ids if i is not None]
