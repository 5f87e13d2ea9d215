"""Dates in Vietnamese and the distance from today to a deadline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.schema import Deadline, Plan


TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # the plans' officers' time zone: today, reminders
REMINDER_OFFSETS = (30, 7, 1, 0)  # days before a deadline's last day a reminder goes out, unless configured
REMINDER_HOUR = dt.time(8, 0)  # and at what time of day, in TIMEZONE


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def period_start(plan: Plan) -> dt.date:
    """The first day of the plan's emulation period."""
    return dt.date.fromisoformat(f"{plan.period.start}-01")


def period_end(plan: Plan) -> dt.date:
    """The last day of the plan's emulation period (the end of its `period.end` month)."""
    year, month = map(int, plan.period.end.split("-"))
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def is_over(plan: Plan, today: dt.date) -> bool:
    """The plan's period and every deadline of its units have passed (dossiers are often due after the period):
    it is still answered, but takes no nomination."""
    last = [d.last_day for d in plan.deadlines if d.kind == "deadline" and d.unit_classes]
    return today > max([period_end(plan), *last])


@dataclass(frozen=True)
class DeadlineStatus:
    """Where today stands against a deadline; `days` counts to the date the plan writes."""

    deadline: Deadline
    today: dt.date
    days: int  # > 0: days left until the written date; <= 0: days since it
    open: bool  # today is still a day on which the plan allows acting

    @property
    def overdue_days(self) -> int:
        return (self.today - self.deadline.last_day).days


def status(deadline: Deadline, today: dt.date) -> DeadlineStatus:
    return DeadlineStatus(deadline, today, (deadline.date - today).days, today <= deadline.last_day)
