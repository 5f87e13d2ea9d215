"""A database of the one-plan versions migrates: its rows belong to the plan then served, and room is made for
others (a unit of the same name in another city, a chat subscribed to several plans)."""
from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from storage.database import _alembic_config, make_engine, upgrade
from storage.models import Subscription
from storage.unit_of_work import UnitOfWork
from tests.conftest import PLAN_ID

OTHER_PLAN, OTHER_DIRECTORY = "ninh-binh-2027-doan-ket-doi-moi-phat-trien", "ninh-binh"
NOW = dt.datetime(2024, 8, 1, 9, 0, tzinfo=dt.timezone.utc)


def _one_plan_database(url: str) -> None:
    """Revision 0005, with what the one-plan bot wrote: a unit, an officer, a submission, a subscription (each
    the first of its table: id 1)."""
    engine = make_engine(url)
    command.upgrade(_alembic_config(engine), "0005")
    with engine.begin() as db:
        db.execute(text("INSERT INTO units (name, unit_class, listed, profile) "
                        "VALUES ('Sở Y tế', 'city', true, '{}')"))
        db.execute(text("INSERT INTO users (platform, platform_user_id, role, created_at) "
                        "VALUES ('telegram', '7', 'officer', :now)"), {"now": NOW})
        db.execute(text("INSERT INTO nominations (user_id, unit_id, status, award_kind, nominee_kind, answers, "
                        "created_at, updated_at, submitted_at) VALUES (1, 1, 'submitted', 'tong_ket', "
                        "'individual', '{}', :now, :now, :now)"), {"now": NOW})
        db.execute(text("INSERT INTO subscriptions (platform, chat_id, user_id, active, created_at) "
                        "VALUES ('telegram', '7', 1, true, :now)"), {"now": NOW})
    engine.dispose()


def test_rows_of_the_one_plan_versions_belong_to_that_plan(database_url: str) -> None:
    _one_plan_database(database_url)
    engine = make_engine(database_url)
    upgrade(engine)
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        assert [n.id for n in uow.nominations.submitted()] == [1]
        assert uow.units.named("Sở Y tế") is not None and uow.units.get(1) is not None
        assert uow.ledger.subscription("telegram", "7") is not None
    with UnitOfWork(engine, OTHER_PLAN, OTHER_DIRECTORY) as uow:
        assert list(uow.nominations.submitted()) == [] and uow.units.get(1) is None
        assert uow.ledger.subscription("telegram", "7") is None
        other = uow.units.get_or_create("Sở Y tế", "khoi_so_nganh", listed=True)  # the same name, another city
        uow.ledger.subscribe("telegram", "7", 1, None, NOW)  # the same chat, another plan's reminders
        uow.commit()
    assert other.id != 1 and other.directory == OTHER_DIRECTORY
    with UnitOfWork(engine) as uow:
        plans = sorted(s.plan_id for s in uow.session.exec(select(Subscription)).all())
    assert plans == sorted([PLAN_ID, OTHER_PLAN])
    engine.dispose()
