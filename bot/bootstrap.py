"""The composition root: settings in, the answerer and the conversation core out. Nothing is built at import."""
from __future__ import annotations

import datetime as dt

from bot.clock import today
from bot.config import Settings
from handlers.conversation import Conversation
from handlers.state import MemoryStateStore
from knowledge.answer import Answerer
from knowledge.loader import PLANS_DIR, load_plan


def build_answerer(settings: Settings) -> Answerer:
    plan, units = load_plan(settings.plan_id, settings.plans_dir or PLANS_DIR)
    return Answerer(plan, units)


def build_conversation(settings: Settings, fixed_today: dt.date | None = None) -> Conversation:
    fixed = fixed_today or settings.bot_today
    return Conversation(build_answerer(settings), MemoryStateStore(), lambda: today(fixed))
