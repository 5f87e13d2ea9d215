"""The plans' answerers alone, for `python -m bot ask`: no database, no channel, so that it starts in well under a
second."""
from __future__ import annotations

from bot.config import Settings
from knowledge.answer import Answerer
from knowledge.catalog import Catalog
from knowledge.lexicon import load_lexicon
from knowledge.loader import PLANS_DIR, available_plans, load_plan


def plan_ids(settings: Settings) -> list[str]:
    """The plans served, the default first: PLAN_IDS, else every plan in the folder."""
    return settings.plan_ids or available_plans(settings.plans_dir or PLANS_DIR)


def build_catalog(settings: Settings) -> Catalog:
    """The plans served, each plan's answerer built the first time a question goes to it."""
    ids = plan_ids(settings)
    lexicon = load_lexicon()
    loaded = {i: load_plan(i, settings.plans_dir or PLANS_DIR) for i in ids}
    return Catalog([plan.confirmed() for plan, _ in loaded.values()],
                   lambda plan: Answerer(*loaded[plan.id], lexicon, named=len(ids) > 1),
                   lambda plan: lexicon.with_plan(plan).shorthand)
