"""Every plan served at once: each plan's answerer, and the plan a question names ("kế hoạch 2027", its city, the
names its data gives)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from knowledge.answer import Answerer
from knowledge.dates import is_over, period_end, vn_date
from knowledge.render import MAX_ANSWER, Answer, trim
from knowledge.schema import Plan


class Catalog:
    """The plans in the order served: the first is the default of a question that names none."""

    def __init__(self, answerers: Sequence[Answerer]) -> None:
        if not answerers:
            raise ValueError("no plan to serve")
        self.answerers = {a.plan.id: a for a in answerers}
        self.default = answerers[0].plan.id
        self._names = {a.plan.id: self._names_of(a) for a in answerers}

    @staticmethod
    def _names_of(answerer: Answerer) -> tuple[str, ...]:
        plan = answerer.plan
        names = [f"kế hoạch {plan.year}", f"kế hoạch năm {plan.year}", f"năm {plan.year}", plan.city,
                 *plan.lexicon.names]
        return tuple(answerer.analyzer.phrase(n) for n in names)

    @property
    def plans(self) -> list[Plan]:
        return [a.plan for a in self.answerers.values()]

    def __getitem__(self, plan_id: str) -> Answerer:
        return self.answerers[plan_id]

    def __contains__(self, plan_id: object) -> bool:
        return plan_id in self.answerers

    def named(self, question: str) -> str | None:
        """The one plan the question names; None when it names none, or several."""
        if len(self.answerers) == 1:
            return None
        found = []
        for plan_id, names in self._names.items():
            said = f" {self.answerers[plan_id].analyzer.phrase(question)} "  # in that plan's shorthand
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
        answerer = self.answerers[plan_id]
        found = answerer.answer(question, today)
        if len(self.answerers) == 1 or not is_over(answerer.plan, today):
            return found
        note = f"(Kế hoạch này đã kết thúc ngày {vn_date(period_end(answerer.plan))}; vẫn tra cứu được.)"
        return Answer(f"{trim(found.text, MAX_ANSWER - len(note) - 1)}\n{note}", found.sources, found.found,
                      found.generic)
