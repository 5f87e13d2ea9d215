"""Which plan an event is handled under: the one a question names, else the one its chat chose (/kehoach), else the
first still running; and the choice itself, offered when several plans run and none is chosen."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.catalog import Catalog
from knowledge.dates import is_over, period_start
from knowledge.schema import Plan

from handlers.desk import Desk
from handlers.events import Choice, Incoming, Reply
from handlers.turn import Turn


class PlanChoice:
    def __init__(self, catalog: Catalog, desks: Mapping[str, Desk], menu: Sequence[Choice]) -> None:
        self.catalog, self.desks, self.menu = catalog, desks, tuple(menu)

    def of(self, event: Incoming, state: dict[str, Any], today: dt.date) -> Plan:
        """A question outside the wizard that names a plan goes to it; anything else to the chat's chosen plan,
        else to the first plan still running (else the first)."""
        if len(self.desks) == 1:
            return self.catalog[self.catalog.default].plan
        if event.text and not (event.command or event.payload or state.get("mode")):
            named = self.catalog.named(event.text)
            if named:
                return self.catalog[named].plan
        chosen = state.get("plan")
        if chosen in self.catalog:
            return self.catalog[chosen].plan
        return next(iter(self.catalog.active(today)), self.catalog[self.catalog.default].plan)

    def must_choose(self, turn: Turn) -> bool:
        """Several plans are running and this chat has not said which it works under."""
        return turn.state.get("plan") not in self.catalog and len(self.catalog.active(turn.today)) > 1

    def offer(self, turn: Turn, template: str) -> list[Reply]:
        """The plans to choose from: those not over first; one over, or yet to start, is marked so."""
        plans = sorted(self.catalog.plans, key=lambda p: is_over(p, turn.today))
        choices = tuple(Choice(p.short_name + _when(p, turn.today), f"plan:{p.id}") for p in plans)
        current = self.catalog[turn.plan_id].plan.short_name if turn.state.get("plan") in self.catalog else None
        return [Reply(self.desks[turn.plan_id].texts.render(template, current=current), choices)]

    def choose(self, turn: Turn, plan_id: str) -> list[Reply]:
        if plan_id not in self.catalog:
            return [Reply(self.desks[turn.plan_id].texts.render("unknown_command.j2", name=plan_id[:32]))]
        turn.state["plan"], turn.plan_id = plan_id, plan_id
        turn.state.pop("mode", None)  # a draft of the other plan waits for /tieptuc there
        turn.uow.scope(plan_id, self.catalog[plan_id].plan.units)
        plan = self.catalog[plan_id].plan
        text = self.desks[plan_id].texts.render("plans/chosen.j2", plan=plan.short_name, over=is_over(plan, turn.today))
        return [Reply(text, self.menu)]



def _when(plan: Plan, today: dt.date) -> str:
    if is_over(plan, today):
        return " (đã kết thúc)"
    return " (chưa bắt đầu)" if today < period_start(plan) else ""
