"""The composition root: settings in, the answerer, the database and the conversation core out.

Nothing is built at import. The database is migrated to the current schema when the bot starts."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from bot.answering import build_answerer
from bot.clock import today
from bot.config import Settings
from handlers.conversation import Conversation
from handlers.events import Address
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from storage.unit_of_work import UnitOfWork


def build_engine(settings: Settings) -> Engine:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


def receivers(settings: Settings) -> Callable[[str], list[Address]]:
    """Who is told of a submission: every admin, and those configured for the receiving body."""
    admins = [Address.parse(i) for i in settings.admin_ids]
    by_body = {body: [Address.parse(i) for i in ids] for body, ids in settings.receivers.items()}
    return lambda body: list(dict.fromkeys([*admins, *by_body.get(body, [])]))


def build_conversation(settings: Settings, fixed_today: dt.date | None = None,
                       answerer: Answerer | None = None, engine: Engine | None = None) -> Conversation:
    fixed = fixed_today or settings.bot_today
    engine = engine or build_engine(settings)
    return Conversation(answerer or build_answerer(settings), lambda: UnitOfWork(engine), lambda: today(fixed),
                        receivers(settings))
