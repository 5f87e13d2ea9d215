"""The plan's rules on a nomination, read from the plan's data: quotas per unit class, the dossier deadline.

A broken rule is a domain error carrying the figures the officer is told."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.schema import Deadline, Plan, Quota


class RuleBroken(Exception):
    template = ""

    def context(self) -> dict[str, object]:
        return dict(vars(self))


@dataclass
class QuotaExceeded(RuleBroken):
    unit: str
    nominee_kind: str
    used: int
    limit: int
    section: str
    template = "nomination/quota_exceeded.j2"


@dataclass
class DeadlinePassed(RuleBroken):
    wording: str
    last_day: dt.date
    section: str
    template = "nomination/deadline_passed.j2"


def quota(plan: Plan, award_kind: str, unit_class: str, nominee_kind: str) -> Quota | None:
    """None when the award has no quota (đột xuất)."""
    return next((q for q in plan.quotas if q.award == award_kind and q.unit_class == unit_class
                 and q.nominee == nominee_kind), None)


def check_quota(plan: Plan, award_kind: str, unit_class: str, nominee_kind: str, unit: str, used: int) -> None:
    q = quota(plan, award_kind, unit_class, nominee_kind)
    if q is not None and used >= q.max:
        raise QuotaExceeded(unit, nominee_kind, used, q.max, q.section)


def deadline(plan: Plan, award_kind: str) -> Deadline | None:
    kind = next((k for k in plan.award_kinds if k.id == award_kind), None)
    return next((d for d in plan.deadlines if kind and d.id == kind.deadline), None)


def check_deadline(plan: Plan, award_kind: str, today: dt.date) -> None:
    d = deadline(plan, award_kind)
    if d is not None and today > d.last_day:
        raise DeadlinePassed(d.wording, d.last_day, d.section)
