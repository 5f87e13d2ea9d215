"""The answerer alone, for `python -m bot ask`: no database, no channel, so that it starts in well under a second."""
from __future__ import annotations

from bot.config import Settings
from knowledge.answer import Answerer
from knowledge.loader import PLANS_DIR, load_plan


def build_answerer(settings: Settings) -> Answerer:
    plan, units = load_plan(settings.plan_id, settings.plans_dir or PLANS_DIR)
    return Answerer(plan, units)
