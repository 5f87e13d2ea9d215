"""An officer filing a nomination under any plan, reading only the step the wizard asks: the same driver for every
plan in the plans folder (the contract tests) and for the chat of a user of several plans."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from handlers.conversation import Conversation
from handlers.nomination import rules
from handlers.nomination.form import Step
from knowledge.dates import period_end, period_start
from knowledge.schema import NOMINEE_WORDS, Plan, UnitDirectory
from storage.unit_of_work import UnitOfWork

TEXTS = {
    "person_name": "Nguyễn Thị Lan",
    "short_text": "Phòng Kinh tế tổng hợp",
    "long_text": "Hoàn thành vượt 15% các chỉ tiêu được giao; triển khai 12 mô hình mới, được cấp trên biểu dương.",
    "count": "25",
    "birth_date": "15/3/1980",
}
CHOICES = {"gender": "Nam", "managed": "Có"}


def working_day(plan: Plan) -> dt.date:
    """A day the plan runs and takes every kind of nomination: two months into its period, before any deadline
    of an award kind."""
    start = period_start(plan)
    dates = [d.last_day for k in plan.award_kinds for d in plan.deadlines if d.id == k.deadline]
    return min([start + dt.timedelta(days=60), period_end(plan), *(d - dt.timedelta(days=10) for d in dates)])


def unit_for(plan: Plan, units: UnitDirectory, award: str, nominee: str) -> str:
    """A listed unit whose class may propose this award for this nominee."""
    for u in units.units:
        cls = next((c for c in plan.unit_classes if u.kind in c.kinds), None)
        quota = rules.quota(plan, award, cls.id, nominee) if cls else None
        if cls and (quota is None or quota.max > 0):
            return u.name
    raise AssertionError(f"no unit of {units.city} may propose {award} for {nominee}")


def current_step(conversation: Conversation, engine: Engine, plan: Plan, platform: str, user: str) -> Step | None:
    """The step the wizard asks this user now, read as the wizard reads it."""
    with UnitOfWork(engine, plan.id, plan.units) as uow:
        me = uow.users.get_or_create(platform, user)
        draft = uow.nominations.open_draft(me.id)  # type: ignore[arg-type]
        return conversation.desks[plan.id].wizard.current(draft) if draft else None


def answer_for(step: Step, plan: Plan, unit: str, award: str, nominee: str, today: dt.date) -> tuple[str, str]:
    """('say', text) or ('tap', label): what an officer gives this step."""
    kind = step.field.kind
    if kind == "unit":
        return "say", unit
    if kind == "past_date":
        return "say", (today - dt.timedelta(days=5)).strftime("%d/%m/%Y")
    if kind in TEXTS:
        return "say", TEXTS[kind]
    label = {"award_kind": next(k.name for k in plan.award_kinds if k.id == award),
             "movement": next(iter(plan.movement_choices().values())),
             "nominee_kind": NOMINEE_WORDS[nominee].capitalize(),
             "criteria": "Đạt", "papers": "Nộp bản giấy"}.get(kind) or CHOICES.get(step.field.key)
    assert label, f"no answer for step {step.key} ({kind})"
    return "tap", label
