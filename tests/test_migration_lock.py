"""Several processes starting together on one PostgreSQL: one applies the migrations, the others wait for it and
then find nothing to do (a transaction-scoped advisory lock in the migrations' environment)."""
from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import inspect, text

from storage.database import make_engine
from tests.conftest import PLAN_ID, ROOT

STARTS = 4


def test_processes_migrating_one_database_at_once_all_succeed_and_migrate_once(postgres_url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": postgres_url, "PLAN_IDS": PLAN_ID}
    starts = [subprocess.Popen([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(STARTS)]
    outcomes = [(p.wait(120), p.stderr.read() if p.stderr else "") for p in starts]
    assert [code for code, _ in outcomes] == [0] * STARTS, [err[-800:] for _, err in outcomes]
    engine = make_engine(postgres_url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert len(versions) == 1 and {"nominations", "deliveries", "units"} <= tables
