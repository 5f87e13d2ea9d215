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
    ids = plan_ids(settings)
    lexicon = load_lexicon()
    return Catalog([Answerer(*load_plan(i, settings.plans_dir or PLANS_DIR), lexicon, named=len(ids) > 1)
                    for i in ids])
