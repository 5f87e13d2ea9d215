"""The catalog of plans: each plan's answerer is built the first time a question goes to it."""
from __future__ import annotations

import datetime as dt

from bot.answering import build_catalog
from bot.config import Settings
from knowledge.answer import Answerer
from knowledge.catalog import Catalog
from knowledge.lexicon import load_lexicon
from knowledge.loader import available_plans, load_plan
from knowledge.schema import Plan

DAY = dt.date(2027, 3, 1)


def _counting_catalog(built: list[str]) -> Catalog:
    lexicon = load_lexicon()
    loaded = {i: load_plan(i) for i in available_plans()}

    def build(plan: Plan) -> Answerer:
        built.append(plan.id)
        return Answerer(*loaded[plan.id], lexicon, named=True)
    return Catalog([p for p, _ in loaded.values()], build, lambda p: lexicon.with_plan(p).shorthand)


def test_only_the_plans_asked_about_are_built() -> None:
    built: list[str] = []
    catalog = _counting_catalog(built)
    assert len(catalog.plans) >= 2 and built == []
    other = catalog.plans[1]
    catalog.answer(f"kế hoạch {other.year} thời gian thi đua", DAY)  # names the second plan
    assert built == [other.id]
    catalog.answer("thời gian thi đua", DAY)  # names none: the default
    catalog.answer("thời gian thi đua là bao lâu", DAY)
    assert built == [other.id, catalog.default]


def test_the_served_catalog_names_plans_as_built_answerers_do() -> None:
    lazy = build_catalog(Settings())
    built = Catalog.of([lazy[p.id] for p in lazy.plans])
    for plan in lazy.plans:
        question = f"kế hoạch năm {plan.year} có mấy phong trào"
        assert lazy.named(question) == built.named(question) == plan.id
