"""The nomination wizard's cost: time of one wizard step (median, p99) and database size per thousand drafts,
on SQLite and on PostgreSQL (postgresql://postgres@127.0.0.1:5432/test, a schema of its own, dropped after).

Each simulated officer walks a tổng kết nomination to its review screen (about 20 steps, every answer saved).
Run: .venv/bin/python bench/bench_wizard.py [drafts]
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bot.config import DEFAULT_PLAN  # noqa: E402
from handlers.conversation import Conversation  # noqa: E402
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
from storage.database import make_engine, upgrade  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402
from tests.chat_driver import Chat, individual_to_review  # noqa: E402

PG = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


class TimedChat(Chat):
    """A chat that records how long each of its messages took the core."""

    timings: list[float] = []

    def _handle(self, event):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        replies = super()._handle(event)
        self.timings.append(time.perf_counter() - start)
        return replies


def run(url: str, drafts: int, answerer: Answerer) -> tuple[float, float, int]:
    engine = make_engine(url)
    upgrade(engine)
    conversation = Conversation(answerer, lambda: UnitOfWork(engine), lambda: dt.date(2024, 8, 1))
    TimedChat.timings = []
    for i in range(drafts):
        individual_to_review(TimedChat(conversation, user=f"officer{i}"), unit="Quận Ba Đình")
    ms = sorted(t * 1000 for t in TimedChat.timings)
    engine.dispose()
    return statistics.median(ms), ms[int(0.99 * (len(ms) - 1))], len(ms)


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main(drafts: int) -> None:
    answerer = Answerer(*load_plan(DEFAULT_PLAN))
    rows = []
    db = Path(tempfile.mkdtemp()) / "bench.db"
    p50, p99, steps = run(f"sqlite:///{db}", drafts, answerer)
    rows.append(("SQLite", p50, p99, steps, sqlite_size(db)))
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        p50, p99, steps = run(f"{PG}?options=-csearch_path%3D{schema}", drafts, answerer)
        with psycopg.connect(PG, autocommit=True) as conn:
            size = conn.execute("SELECT sum(pg_total_relation_size(format('%%I.%%I', schemaname, tablename))) "
                                "FROM pg_tables WHERE schemaname = %s", (schema,)).fetchone()[0]
        rows.append(("PostgreSQL", p50, p99, steps, int(size)))
    finally:
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    print(f"{drafts} drafts walked to the review screen, every answer committed")
    print(f"{'database':<11} {'step p50 ms':>11} {'step p99 ms':>11} {'steps':>7} {'MB per 1000 drafts':>19}")
    for name, p50, p99, steps, size in rows:
        print(f"{name:<11} {p50:>11.2f} {p99:>11.2f} {steps:>7} {size / drafts * 1000 / 1e6:>19.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
