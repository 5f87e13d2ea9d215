"""The plan's rules on a nomination, read from the plan's data: quotas per unit class, the dossier deadline.

A broken rule is a domain error carrying the figures the officer is told."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.dates import is_over, period_end, period_start
from knowledge.schema import Deadline, Plan, Quota


class RuleBroken(Exception):
    template = ""

    def context(self) -> dict[str, object]:
        return dict(vars(self))


@dataclass
class QuotaExceeded(RuleBroken):
    unit: str
    award: str
    nominee_kind: str
    used: int
    limit: int
    section: str
    template = "nomination/quota_exceeded.j2"


@dataclass
class PlanOver(RuleBroken):
    plan: str
    ended: dt.date
    template = "nomination/plan_over.j2"


@dataclass
class PlanNotStarted(RuleBroken):
    plan: str
    starts: dt.date
    template = "nomination/plan_not_started.j2"


@dataclass
class DeadlinePassed(RuleBroken):
    award: str
    still_open: list[str]  # the award kinds that may still be proposed
    wording: str
    last_day: dt.date
    section: str
    template = "nomination/deadline_passed.j2"


def quota(plan: Plan, award_kind: str, unit_class: str, nominee_kind: str) -> Quota | None:
    """None when the award kind has no quota for the class and nominee."""
    return next((q for q in plan.quotas if q.award == award_kind and q.unit_class == unit_class
                 and q.nominee == nominee_kind), None)


def check_quota(plan: Plan, award_kind: str, unit_class: str, nominee_kind: str, unit: str, used: int) -> None:
    """`used`: the unit's submissions, or its class's where the limit is the class's (`Quota.per`)."""
    q = quota(plan, award_kind, unit_class, nominee_kind)
    if q is not None and used >= q.max:
        kind = plan.award_kind(award_kind)
        label = next((c.label for c in plan.unit_classes if c.id == unit_class), unit_class)
        who = f"nhóm “{label}”" if q.per == "class" else unit
        raise QuotaExceeded(who, kind.name if kind else award_kind, nominee_kind, used, q.max, q.section)


def deadline(plan: Plan, award_kind: str) -> Deadline | None:
    kind = plan.award_kind(award_kind)
    return next((d for d in plan.deadlines if kind and d.id == kind.deadline), None)


def passed(plan: Plan, award_kind: str, today: dt.date) -> bool:
    """The award kind's deadline is behind us."""
    d = deadline(plan, award_kind)
    return d is not None and today > d.last_day


def check_deadline(plan: Plan, award_kind: str, today: dt.date) -> None:
    d, kind = deadline(plan, award_kind), plan.award_kind(award_kind)
    if d is not None and kind is not None and passed(plan, award_kind, today):
        still_open = [k.name for k in plan.award_kinds if not passed(plan, k.id, today)]
        raise DeadlinePassed(kind.name, still_open, d.wording, d.last_day, d.section)


def check_open(plan: Plan, today: dt.date) -> None:
    """A plan takes nominations from the start of its period until it is over (it is answered before and after):
    achievements are those of its period, voted on since it started."""
    starts = period_start(plan)
    if today < starts:
        raise PlanNotStarted(plan.short_name, starts)
    if is_over(plan, today):
        raise PlanOver(plan.short_name, period_end(plan))
