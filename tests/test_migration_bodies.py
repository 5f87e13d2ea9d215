"""Submissions made before receivers existed (revision 0009) get their receiving body from the plan's data on
upgrade, as a submission now records it, and so reach the body's inbox; those it cannot be decided for keep none.
On a real SQLite file at revision 0008."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from storage.database import _alembic_config, make_engine, upgrade
from storage.unit_of_work import UnitOfWork
from tests.conftest import PLAN_ID

NOW = dt.datetime(2024, 8, 1, 9, 0, tzinfo=dt.timezone.utc)
CLEAN_CITY = {"award_kind": "tong_ket", "nominee_kind": "individual", "movement": "II.2.1"}  # led by Sở Xây dựng
NOMINATIONS = (  # unit, plan, status, answers
    (1, PLAN_ID, "submitted", CLEAN_CITY),  # a district's: to the movement's lead
    (2, PLAN_ID, "submitted", CLEAN_CITY),  # the lead agency's own: straight on to the Chairman
    (1, PLAN_ID, "submitted", {"award_kind": "dot_xuat", "nominee_kind": "individual"}),  # the plan's addressee
    (1, "a-plan-no-longer-served", "submitted", CLEAN_CITY),
    (1, PLAN_ID, "submitted", {"award_kind": "khong-co"}),  # an award kind the plan does not have
    (1, PLAN_ID, "draft", CLEAN_CITY),
)


def _before_receivers(url: str) -> None:
    engine = make_engine(url)
    command.upgrade(_alembic_config(engine), "0008")
    with engine.begin() as db:
        for name, unit_class in (("Quận Ba Đình", "district"), ("Sở Xây dựng", "city")):
            db.execute(text("INSERT INTO units (name, unit_class, listed, profile, directory) "
                            "VALUES (:name, :cls, true, '{}', 'hanoi')"), {"name": name, "cls": unit_class})
        db.execute(text("INSERT INTO users (platform, platform_user_id, role, created_at) "
                        "VALUES ('telegram', '7', 'officer', :now)"), {"now": NOW})
        for unit, plan, status, answers in NOMINATIONS:
            db.execute(text("INSERT INTO nominations (user_id, unit_id, plan_id, status, award_kind, nominee_kind, "
                            "answers, created_at, updated_at, submitted_at) VALUES (1, :unit, :plan, :status, "
                            ":award, 'individual', :answers, :now, :now, :now)"),
                       {"unit": unit, "plan": plan, "status": status, "award": answers["award_kind"],
                        "answers": json.dumps(answers), "now": NOW})
    engine.dispose()


def test_earlier_submissions_get_the_body_the_plan_routes_them_to(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/truoc-0009.db"
    _before_receivers(url)
    engine = make_engine(url)
    upgrade(engine)
    with engine.connect() as db:
        bodies = [b for (b,) in db.execute(text("SELECT body FROM nominations ORDER BY id"))]
    assert bodies == ["Sở Xây dựng", "Chủ tịch Ủy ban nhân dân thành phố Hà Nội (qua Ban Thi đua - Khen thưởng "
                      "Thành phố)", "Chủ tịch Ủy ban nhân dân thành phố Hà Nội", None, None, None]
    with UnitOfWork(engine, PLAN_ID) as uow:
        assert [n.id for n in uow.nominations.received(["Sở Xây dựng"])] == [1]  # in its receiver's inbox now
    engine.dispose()
