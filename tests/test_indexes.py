"""The tables the migrations build are the models' tables, and the queries that run per message or per batch use
an index, on SQLite and PostgreSQL, so that their cost does not grow with the rows already there."""
from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, text
from sqlmodel import SQLModel, select

from storage.models import ConversationState, Nomination, Subscription, Unit
from handlers.reminders import TZ
from storage.database import explain
from storage.ledger import Ledger
from storage.unit_of_work import UnitOfWork
from tests.conftest import PLAN_ID

MOMENT = dt.datetime(2024, 8, 1, 8, tzinfo=TZ)


def test_migrations_build_the_models_tables_and_indexes(engine: Engine) -> None:
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def _plan(engine: Engine, statement: str, **params: object) -> str:
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))  # a small table: make the planner show what it can use
        rows = conn.execute(text(explain + statement), params).all()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def _seed_ledger(engine: Engine, subscribers: int) -> None:
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        uow.session.execute(insert(Subscription), [
            {"platform": "telegram", "chat_id": str(i), "plan_id": PLAN_ID, "active": True, "created_at": MOMENT}
            for i in range(subscribers)])
        uow.ledger.announce("Thông báo.", "telegram", "1", MOMENT)
        uow.commit()
    with engine.begin() as conn:  # half of the wave is sent already
        conn.execute(text("UPDATE deliveries SET status = 'sent' WHERE id <= (SELECT max(id) / 2 FROM deliveries)"))
        if engine.dialect.name == "postgresql":  # its autovacuum does this; SQLite is never analysed in production
            conn.execute(text("ANALYZE"))


def test_the_claim_walks_only_pending_rows(engine: Engine) -> None:
    _seed_ledger(engine, 5000)
    plan = explain(engine, Ledger.due(MOMENT, 100, ["telegram"]))
    assert "ix_deliveries_pending" in plan and "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def _seed_nominations(engine: Engine, units: int, per_unit: int) -> None:
    statuses = ("draft", "submitted", "cancelled")
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        user = uow.users.get_or_create("telegram", "1")
        uow.session.execute(insert(Unit), [{"directory": "hanoi", "name": f"Đơn vị {u}", "unit_class": "district",
                                            "listed": True, "profile": {}} for u in range(units)])
        ids = [u.id for u in uow.session.exec(select(Unit)).all()]
        uow.session.execute(insert(Nomination), [
            {"plan_id": PLAN_ID, "user_id": user.id, "unit_id": unit, "status": statuses[i % 3], "answers": {},
             "award_kind": "tong_ket", "nominee_kind": ("individual", "collective")[i % 2], "submitted_at": MOMENT}
            for unit in ids for i in range(per_unit)])
        uow.session.execute(insert(ConversationState), [{"key": f"telegram:{i}", "data": {}, "updated_at": MOMENT}
                                                        for i in range(units * per_unit)])
        uow.commit()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # its autovacuum does this; SQLite is never analysed in production
            conn.execute(text("ANALYZE"))


def test_the_quota_count_and_the_state_fill_use_their_indexes(engine: Engine) -> None:
    _seed_nominations(engine, 20, 250)
    quota = (f"SELECT count(*) FROM nominations WHERE unit_id = 3 AND plan_id = '{PLAN_ID}' "
             "AND status = 'submitted' AND award_kind = 'tong_ket' AND nominee_kind = 'individual'")
    assert "ix_nominations_quota" in _plan(engine, quota)
    fill = "SELECT key FROM conversation_states ORDER BY updated_at DESC LIMIT 10"
    assert "ix_conversation_states_updated_at" in _plan(engine, fill)
    page = (f"SELECT * FROM nominations WHERE plan_id = '{PLAN_ID}' AND status = 'submitted' "
            "AND (submitted_at, id) > (:at, 100) ORDER BY submitted_at, id LIMIT 500")  # the export's pages
    assert "ix_nominations_submitted" in _plan(engine, page, at=MOMENT)


def test_the_export_reads_every_submission_once_in_order_a_page_at_a_time(engine: Engine) -> None:
    _seed_nominations(engine, 7, 90)  # 210 submitted, every one at the same moment: the id breaks the ties
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        held, streamed = [], []
        for nomination in uow.nominations.each_submitted(page=50):
            streamed.append(nomination.id)
            held.append(len(uow.session.identity_map))
        expected = [n.id for n in uow.nominations.submitted()]
    assert streamed == expected and len(set(expected)) == 210
    assert max(held) <= 50 + 1  # one page at a time (and the user the seed made)
