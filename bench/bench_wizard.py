"""The nomination wizard's cost: time of one wizard step (median, p99) and database size per thousand drafts,
on SQLite and on PostgreSQL (postgresql://postgres@127.0.0.1:5432/test, a schema of its own, dropped after).

Each simulated officer walks a tổng kết nomination to its review screen (about 20 steps, every answer saved).
Then one unit submits 50 đột xuất nominations (no quota) and the tap that submits is timed up to its confirmation
(the documents are made after the commit; their time is shown apart): its p99 over the 1st-10th submissions and
over the 41st-50th, and their ratio, should stay flat (issue 14: at most 1.5).
Run: .venv/bin/python bench/bench_wizard.py [drafts] [submissions]
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

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from handlers.conversation import Conversation  # noqa: E402
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
from storage.database import make_engine, upgrade  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402
from tests.chat_driver import (  # noqa: E402
    ACHIEVEMENT,
    Chat,
    individual_to_review,
    settle_profile,
    start_dot_xuat_individual,
)

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
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: dt.date(2024, 8, 1))
    TimedChat.timings = []
    for i in range(drafts):
        individual_to_review(TimedChat(conversation, user=f"officer{i}"), unit="Quận Ba Đình")
    ms = sorted(t * 1000 for t in TimedChat.timings)
    engine.dispose()
    return statistics.median(ms), ms[int(0.99 * (len(ms) - 1))], len(ms)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.99 * (len(ordered) - 1))]


def submissions(url: str, count: int, answerer: Answerer) -> tuple[list[float], list[float]]:
    """One unit's `count` submissions in a row, after one that settles its profile: the tap's time to its
    confirmation, and the documents' time."""
    engine = make_engine(url)
    upgrade(engine)
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: dt.date(2024, 8, 1))
    taps, documents = [], []
    for i in range(count + 1):
        chat = Chat(conversation, user=f"submitter{i}")
        start_dot_xuat_individual(chat)
        for text in (ACHIEVEMENT, ACHIEVEMENT):
            chat.say(text)
        while "tiêu chuẩn sau" in chat.text:
            chat.tap("Đạt")
        while "Giấy tờ cần có" in chat.text:
            chat.tap("Nộp bản giấy")
        if i == 0:
            chat.tap("Nộp hồ sơ")
            settle_profile(chat)
            continue
        start = time.perf_counter()
        replies = conversation.handle(_tap(chat, "Nộp hồ sơ"))
        taps.append(time.perf_counter() - start)
        start = time.perf_counter()
        made = [m for r in replies for m in r.made()]
        documents.append(time.perf_counter() - start)
        assert any("Đã nộp" in r.text for r in made), [r.text for r in made]
    engine.dispose()
    return taps, documents


def _tap(chat: Chat, label: str):  # type: ignore[no-untyped-def]
    from handlers.events import Incoming

    return Incoming(chat.platform, chat.user, chat.user, payload=chat.payload(label), origin="bench")


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main(drafts: int, count: int) -> None:
    answerer = Answerer(*load_plan(DEFAULT_PLAN))
    rows, taps = [], []
    db = Path(tempfile.mkdtemp()) / "bench.db"
    p50, p99, steps = run(f"sqlite:///{db}", drafts, answerer)
    rows.append(("SQLite", p50, p99, steps, sqlite_size(db)))
    taps.append(("SQLite", *submissions(f"sqlite:///{Path(tempfile.mkdtemp()) / 'submit.db'}", count, answerer)))
    for name, schema in (("wizard", f"bench_{uuid.uuid4().hex[:8]}"), ("submit", f"bench_{uuid.uuid4().hex[:8]}")):
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            url = f"{PG}?options=-csearch_path%3D{schema}"
            if name == "submit":
                taps.append(("PostgreSQL", *submissions(url, count, answerer)))
                continue
            p50, p99, steps = run(url, drafts, answerer)
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
    print(f"\n{count} submissions of one unit: the tap to its confirmation, then its documents (made after commit)")
    print(f"{'database':<11} {'tap p99 1-10 ms':>16} {'tap p99 last 10':>16} {'ratio':>6} {'documents p50 ms':>17}")
    for name, tap, documents in taps:
        first, last = _p99(tap[:10]) * 1000, _p99(tap[-10:]) * 1000
        print(f"{name:<11} {first:>16.1f} {last:>16.1f} {last / first:>6.2f} "
              f"{statistics.median(documents) * 1000:>17.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 50)
