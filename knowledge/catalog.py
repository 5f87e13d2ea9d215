"""Every plan served at once: each plan's answerer, and the plan a question names ("kế hoạch 2027", its city, the
names its data gives)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from knowledge.answer import Answerer
from knowledge.dates import is_over, period_end, vn_date
from knowledge.normalize import expand, raw_tokens
from knowledge.render import MAX_ANSWER, Answer, trim
from knowledge.schema import Plan

Shorthand = Mapping[tuple[str, ...], tuple[str, ...]]


class Catalog:
    """The plans in the order served: the first is the default of a question that names none. Each plan's answerer
    is built the first time it answers, so that `ask` builds only the plans its questions go to."""

    def __init__(self, plans: Sequence[Plan], build: Callable[[Plan], Answerer],
                 shorthand: Callable[[Plan], Shorthand]) -> None:
        """`build`: a plan's answerer; `shorthand`: the plan's chat shorthand, in which a question names a plan."""
        if not plans:
            raise ValueError("no plan to serve")
        self._plans = {p.id: p for p in plans}
        self._build = build
        self._built: dict[str, Answerer] = {}
        self.default = plans[0].id
        self._names = {p.id: self._names_of(p, shorthand(p)) for p in plans}

    @classmethod
    def of(cls, answerers: Sequence[Answerer]) -> Catalog:
        """The plans of answerers built already."""
        by_id = {a.plan.id: a for a in answerers}
        return cls([a.plan for a in answerers], lambda p: by_id[p.id], lambda p: by_id[p.id].lexicon.shorthand)

    @staticmethod
    def _names_of(plan: Plan, shorthand: Shorthand) -> tuple[tuple[str, ...], Shorthand]:
        names = [f"kế hoạch {plan.year}", f"kế hoạch năm {plan.year}", f"năm {plan.year}", plan.city,
                 *plan.lexicon.names]
        return tuple(" ".join(expand(raw_tokens(n), shorthand)) for n in names), shorthand

    @property
    def plans(self) -> list[Plan]:
        return list(self._plans.values())

    def __getitem__(self, plan_id: str) -> Answerer:
        if plan_id not in self._built:
            self._built[plan_id] = self._build(self._plans[plan_id])
        return self._built[plan_id]

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self._plans

    def named(self, question: str) -> str | None:
        """The one plan the question names; None when it names none, or several."""
        if len(self._plans) == 1:
            return None
        found = []
        for plan_id, (names, shorthand) in self._names.items():
            said = f" {' '.join(expand(raw_tokens(question), shorthand))} "  # in that plan's shorthand
            if any(f" {n} " in said for n in names):
                found.append(plan_id)
        return found[0] if len(found) == 1 else None

    def active(self, today: dt.date) -> list[Plan]:
        """The plans not over (running, or yet to start): the ones a chat may be working under."""
        return [p for p in self.plans if not is_over(p, today)]

    def answer(self, question: str, today: dt.date, current: str | None = None) -> Answer:
        """From the plan the question names, else the current plan, else the default."""
        return self.answer_in(self.named(question) or current or self.default, question, today)

    def answer_in(self, plan_id: str, question: str, today: dt.date) -> Answer:
        """The plan's answer; when several plans are served, a plan that is over says so."""
        answerer = self[plan_id]
        found = answerer.answer(question, today)
        if len(self._plans) == 1 or not is_over(answerer.plan, today):
            return found
        note = f"(Kế hoạch này đã kết thúc ngày {vn_date(period_end(answerer.plan))}; vẫn tra cứu được.)"
        return Answer(f"{trim(found.text, MAX_ANSWER - len(note) - 1)}\n{note}", found.sources, found.found,
                      found.generic)
