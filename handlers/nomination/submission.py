"""Submitting a draft: the plan's deadline and the unit's quota checked under a lock on the unit, recorded once."""
from __future__ import annotations

import datetime as dt

from knowledge.schema import Plan
from storage.models import Nomination, Status, Unit, utcnow
from storage.unit_of_work import UnitOfWork

from handlers.nomination import rules


class AlreadySubmitted(Exception):
    """A second press of "Nộp", or another process that got there first."""


def submit(uow: UnitOfWork, plan: Plan, draft: Nomination, unit: Unit, today: dt.date, body: str) -> None:
    """`body`: the body that receives it, whose inbox it reaches."""
    award, nominee = draft.answers["award_kind"], draft.answers["nominee_kind"]
    rules.check_open(plan, today)
    rules.check_deadline(plan, award, today)
    assert unit.id is not None
    uow.units.lock(unit.id)
    rules.check_quota(plan, award, unit.unit_class, nominee, unit.name, used(uow, plan, unit, award, nominee))
    if not uow.nominations.mark_submitted(draft, utcnow(), body):
        raise AlreadySubmitted()
    uow.audit.record(draft, Status.SUBMITTED.value)  # it became a submission


def used(uow: UnitOfWork, plan: Plan, unit: Unit, award: str, nominee: str) -> int:
    """What counts against the quota: the unit's submissions, or its whole class's where the limit is the class's."""
    q = rules.quota(plan, award, unit.unit_class, nominee)
    if q is not None and q.per == "class":
        return uow.nominations.count_submitted_in_class(unit.unit_class, award, nominee)
    assert unit.id is not None
    return uow.nominations.count_submitted(unit.id, award, nominee)
