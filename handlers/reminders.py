"""Deadline reminders and announcements, platform-free: who is reminded of what and when, the texts, and the
`/nhachan` and `/thongbao` commands. Sending is the scheduler's (bot/scheduler.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.dates import TIMEZONE as TZ
from knowledge.normalize import upper_first
from knowledge.schema import Deadline, Plan
from storage.models import Nomination

from handlers.events import Choice, Reply
from handlers.nomination import rules
from handlers.texts import Texts
from handlers.turn import Turn

MAX_ANNOUNCEMENT = 3000
RETURNED_DAYS = 3  # days before its award kind's deadline an officer is reminded of a nomination still returned
RETURNED_KEY = "returned:"  # a ledger key 'returned:<nomination id>': the reminder of one returned nomination, once


@dataclass(frozen=True)
class Due:
    """The reminder of one deadline due now: the latest offset whose time has come, the deadline not passed."""

    key: str
    at: dt.datetime
    deadline: Deadline
    days_before: int


class ReminderSchedule:
    def __init__(self, plan: Plan, offsets: list[int], hour: dt.time) -> None:
        self.plan, self.offsets, self.hour = plan, sorted(set(offsets), reverse=True), hour
        self.deadlines = [d for d in plan.deadlines if d.kind == "deadline" and d.unit_classes]

    def at(self, deadline: Deadline, days_before: int) -> dt.datetime:
        day = deadline.last_day - dt.timedelta(days=days_before)
        return dt.datetime.combine(day, self.hour, TZ).astimezone(dt.timezone.utc)

    def due(self, now: dt.datetime) -> list[Due]:
        """Reminders missed while the bot was down are still due, but only the latest of each deadline (no "30
        days left" next to a "7 days left"), and none once the deadline's last day has passed."""
        today = now.astimezone(TZ).date()
        out = []
        for d in self.deadlines:
            if today > d.last_day:
                continue
            reached = [n for n in self.offsets if self.at(d, n) <= now]
            if reached:
                n = min(reached)
                out.append(Due(f"r:{self.plan.id}:{d.id}:{n}", self.at(d, n), d, n))
        return out

    def returned_due(self, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """The award kinds whose returned nominations are reminded of now (RETURNED_DAYS before the kind's deadline,
        or later if the bot was down, never once it has passed), with the time the reminder fell due."""
        today = now.astimezone(TZ).date()
        out = []
        for kind in self.plan.award_kinds:
            d = rules.deadline(self.plan, kind.id)
            if d is not None and self.at(d, RETURNED_DAYS) <= now and today <= d.last_day:
                out.append((kind.id, self.at(d, RETURNED_DAYS)))
        return out

    def deadline(self, key: str) -> Deadline | None:
        """The deadline of a reminder's key, 'r:<plan>:<deadline>:<days before>' (before revision 0006, without
        the plan)."""
        deadline_id = key.split(":")[-2]
        return next((d for d in self.deadlines if d.id == deadline_id), None)

    def upcoming(self, unit_class: str | None, now: dt.datetime) -> list[tuple[Deadline, list[dt.date]]]:
        """The deadlines a subscriber of this class will be reminded of, with the days the reminders go out."""
        out = []
        for d in self.deadlines:
            if unit_class and unit_class not in d.unit_classes:
                continue
            days = [self.at(d, n).astimezone(TZ).date() for n in self.offsets if self.at(d, n) > now]
            if days:
                out.append((d, days))
        return out


class Reminders:
    """The commands: `/nhachan` subscribes or unsubscribes, `/thongbao` announces (admins only)."""

    def __init__(self, plan: Plan, schedule: ReminderSchedule, texts: Texts,
                 is_admin: Callable[[str, str], bool], now: Callable[[], dt.datetime]) -> None:
        self.plan, self.schedule, self.texts, self.is_admin, self.now = plan, schedule, texts, is_admin, now

    def toggle(self, turn: Turn) -> list[Reply]:
        e = turn.event
        sub = turn.uow.ledger.subscription(e.platform, e.chat_id)
        if sub is not None and sub.active:
            return [self._status(sub.unit_class, already=True)]
        unit = turn.uow.units.get(turn.user.unit_id)
        if unit is not None:
            return self.subscribe(turn, unit.unit_class)
        choices = tuple(Choice(upper_first(c.label), f"sub:{c.id}") for c in self.plan.unit_classes)
        return [Reply(self.texts.render("reminders/ask_class.j2"), (*choices, Choice("Tất cả", "sub:all")))]

    def subscribe(self, turn: Turn, unit_class: str) -> list[Reply]:
        e = turn.event
        known = {c.id for c in self.plan.unit_classes}
        chosen = unit_class if unit_class in known else None
        turn.uow.ledger.subscribe(e.platform, e.chat_id, turn.user.id, chosen, self.now())
        return [self._status(chosen, already=False)]

    def unsubscribe(self, turn: Turn) -> list[Reply]:
        turn.uow.ledger.unsubscribe(turn.event.platform, turn.event.chat_id)
        return [Reply(self.texts.render("reminders/unsubscribed.j2"))]

    def _status(self, unit_class: str | None, already: bool) -> Reply:
        """What a subscriber gets: the reminders to come, and the button to stop them."""
        upcoming = self.schedule.upcoming(unit_class, self.now())
        label = next((c.label for c in self.plan.unit_classes if c.id == unit_class), None)
        text = self.texts.render("reminders/status.j2", upcoming=upcoming, label=label, already=already,
                                 hour=self.schedule.hour.strftime("%H:%M"))
        return Reply(text, (Choice("Tắt nhắc hạn", "sub:off"),))

    def announce(self, turn: Turn, text: str) -> list[Reply]:
        e = turn.event
        if not self.is_admin(e.platform, e.user_id):
            return [Reply(self.texts.render("reminders/not_admin.j2"))]
        text = text.strip()
        if not text or len(text) > MAX_ANNOUNCEMENT:
            return [Reply(self.texts.render("reminders/announcement_usage.j2", limit=MAX_ANNOUNCEMENT))]
        announcement = turn.uow.ledger.announce(text, e.platform, e.chat_id, self.now())
        return [Reply(self.texts.render("reminders/announcement_queued.j2", total=announcement.total))]

    def returned_text(self, nomination: Nomination, unit: str, today: dt.date) -> str | None:
        """The officer's reminder of a nomination still returned; None once it is not, or its deadline passed."""
        d = rules.deadline(self.plan, nomination.award_kind or "")
        kind = self.plan.award_kind(nomination.award_kind or "")
        if d is None or kind is None or today > d.last_day:
            return None
        return self.texts.render("reminders/returned.j2", n=nomination, unit=unit, award=kind.name, d=d,
                                 days=(d.last_day - today).days)

    def reminder_text(self, deadline: Deadline, today: dt.date, open_drafts: int) -> str:
        return self.texts.render("reminders/reminder.j2", d=deadline, days=(deadline.last_day - today).days,
                                 open_drafts=open_drafts)
