"""Dates in Vietnamese and the distance from today to a deadline."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.schema import Deadline


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


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
