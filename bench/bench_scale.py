"""Paths that must not grow with the tables, on SQLite and PostgreSQL (a schema of its own, dropped after).

Prints, for each database:
- the claim: a wave to N subscribers (default 100,000) claimed in batches of 100 and marked sent, as the scheduler
  does; the median time of the first 10 and of the last 10 claims, and their ratio (target <= 1.5); the plan of a
  claim at mid-wave (an index scan on ix_deliveries_status_id, no sort);
- the quota check (a unit's submissions of one award and nominee kind: the unit has 30 submissions and a tenth
  of the rows), the state cache's fill (its 1,000 most
  recent states) and the export (every submission, streamed to /dev/null): the median time at 1,000, 10,000 and
  100,000 rows, and the ratio of the largest to the smallest (target <= 2 for the check and the fill; the
  export's time grows with its rows, its memory must not: its peak, from a separate run under tracemalloc);
then, on SQLite, a wave's memory: the scheduler sending an announcement and the reminder due that morning to N
subscribers (2N messages) through a pusher that does nothing (limits set above the pipeline), the process's
resident memory every N/4 messages (target: flat).
Run: .venv/bin/python bench/bench_scale.py [subscribers] [largest table]
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, insert, select  # noqa: E402

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from bench.databases import analyse, fresh_url  # noqa: E402
from bot.export import submission_rows, write_csv  # noqa: E402
from bot.scheduler import Limits, Scheduler  # noqa: E402
from bot.retry import ErrorKinds  # noqa: E402
from handlers.conversation import Conversation  # noqa: E402
from handlers.reminders import TZ  # noqa: E402
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
from storage.database import explain, make_engine, upgrade  # noqa: E402
from storage.ledger import Ledger  # noqa: E402
from storage.models import ConversationState, Nomination, Subscription, Unit  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402

MOMENT = dt.datetime(2024, 8, 1, 8, tzinfo=TZ)
UNITS = 10  # the nominations are spread over this many units: the checked unit holds a tenth of the rows
CHUNK = 10_000  # rows per INSERT


@contextmanager
def database(kind: str) -> Iterator[Engine]:
    """A migrated, empty database of `kind`."""
    with fresh_url(kind) as url:
        engine = make_engine(url)
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


def bulk(engine: Engine, table: type, rows: Iterator[dict]) -> None:
    chunk: list[dict] = []
    with engine.begin() as conn:
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                conn.execute(insert(table), chunk)
                chunk = []
        if chunk:
            conn.execute(insert(table), chunk)


def ms(run: Callable[[], object], times: int) -> float:
    laps = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        laps.append((time.perf_counter() - start) * 1000)
    return statistics.median(laps)


# -- the claim -------------------------------------------------------------------------------------------------------
def seed_wave(engine: Engine, subscribers: int) -> None:
    bulk(engine, Subscription, ({"platform": "telegram", "chat_id": str(10_000_000 + i), "plan_id": DEFAULT_PLAN,
                                 "active": True, "created_at": MOMENT} for i in range(subscribers)))
    with UnitOfWork(engine, DEFAULT_PLAN, "hanoi") as uow:
        uow.ledger.announce("Thông báo của Ban Thi đua - Khen thưởng.", "telegram", "1", MOMENT)
        uow.commit()
    analyse(engine)


def claim_wave(engine: Engine, subscribers: int) -> tuple[list[float], str]:
    seed_wave(engine, subscribers)
    laps, plan = [], ""
    while True:
        with UnitOfWork(engine) as uow:
            start = time.perf_counter()
            claimed = uow.ledger.claim(MOMENT, 100, "bench", ["telegram"])
            laps.append((time.perf_counter() - start) * 1000)
            uow.ledger.mark([c.id for c in claimed], "sent", MOMENT)
            uow.commit()
        if not claimed:
            return laps[:-1], plan
        if len(laps) == subscribers // 200:
            plan = explain(engine, Ledger.due(MOMENT, 100, ["telegram"]))


# -- the quota check, the state cache's fill, the export -------------------------------------------------------------
def status(i: int) -> str:
    """The checked unit (every UNITS-th row) has 30 submissions, as a unit within its quota does, and its other
    rows are drafts and cancelled ones; a third of the other units' rows are submitted."""
    if i % UNITS == 0:
        return "submitted" if i < 30 * UNITS else ("draft", "cancelled")[i // UNITS % 2]
    return ("draft", "submitted", "cancelled")[i % 3]


def seed_rows(engine: Engine, rows: int) -> int:
    """`rows` nominations over UNITS units, and `rows` chat states; the checked unit's id."""
    with UnitOfWork(engine, DEFAULT_PLAN, "hanoi") as uow:
        user = uow.users.get_or_create("telegram", "1").id
        uow.commit()
    bulk(engine, Unit, iter([{"directory": "hanoi", "name": f"Đơn vị {u}", "unit_class": "district", "listed": True,
                              "profile": {}} for u in range(UNITS)]))
    with engine.connect() as conn:
        units = conn.execute(select(Unit.id).order_by(Unit.id)).scalars().all()
    bulk(engine, Nomination, ({"plan_id": DEFAULT_PLAN, "user_id": user, "unit_id": units[i % UNITS],
                               "status": status(i), "award_kind": "tong_ket",
                               "nominee_kind": ("individual", "collective")[i % 2],
                               "submitted_at": MOMENT + dt.timedelta(seconds=i),
                               "answers": {"full_name": f"Cán bộ {i}", "movement": "chung"}} for i in range(rows)))
    bulk(engine, ConversationState, ({"key": f"telegram:{i}:{i}", "data": {"mode": "wizard"},
                                      "updated_at": MOMENT + dt.timedelta(seconds=i)} for i in range(rows)))
    analyse(engine)
    return units[0]


def table_paths(engine: Engine, rows: int, plan: object) -> tuple[float, float, float, float]:
    unit = seed_rows(engine, rows)

    def quota() -> None:
        with UnitOfWork(engine, DEFAULT_PLAN, "hanoi") as uow:
            uow.nominations.count_submitted(unit, "tong_ket", "individual")

    def fill() -> None:
        with UnitOfWork(engine) as uow:
            uow.states.newest(1001)

    def export() -> None:
        with UnitOfWork(engine, DEFAULT_PLAN, "hanoi") as uow, open(os.devnull, "wb") as out:
            write_csv(submission_rows(uow, plan), out)  # type: ignore[arg-type]

    times = (ms(quota, 50), ms(fill, 20), ms(export, 3))
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (*times, peak / 1e6)


# -- a wave's memory ---------------------------------------------------------------------------------------------------
class NullPusher:
    """An output channel that sends nothing and counts."""

    platform, limit, errors = "telegram", 4096, ErrorKinds(lambda e: None, lambda e: False, lambda e: False)

    def __init__(self) -> None:
        self.sent = 0

    async def send_text(self, chat_id: str, text: str) -> None:
        self.sent += 1


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def wave_memory(engine: Engine, subscribers: int, answerer: Answerer) -> list[tuple[int, float]]:
    seed_wave(engine, subscribers)
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: MOMENT.date())
    pusher = NullPusher()
    scheduler = Scheduler(engine, conversation.reminders, {"telegram": pusher},
                          {"telegram": Limits(1_000_000.0, 1_000_000.0)}, [], lambda: MOMENT)
    samples, step = [(0, rss_mb())], subscribers // 4
    run = asyncio.create_task(scheduler.run_once())
    while not run.done():
        await asyncio.sleep(0.05)
        if pusher.sent >= step * len(samples):
            samples.append((pusher.sent, rss_mb()))
    await run
    return samples + [(pusher.sent, rss_mb())]


def main(subscribers: int, largest: int) -> None:
    plan, units = load_plan(DEFAULT_PLAN)
    sizes = [n for n in (1_000, 10_000, 100_000) if n <= largest]
    for kind in ("SQLite", "PostgreSQL"):
        with database(kind) as engine:
            laps, claim_plan = claim_wave(engine, subscribers)
        first, last = statistics.median(laps[:10]), statistics.median(laps[-10:])
        print(f"{kind}: a wave to {subscribers} subscribers, {len(laps)} claims of 100")
        print(f"  claim ms: first 10 median {first:.2f}, last 10 median {last:.2f}, ratio {last / first:.2f} "
              f"(target <= 1.5)")
        print("  claim's plan at mid-wave: " + claim_plan.replace("\n", "\n    "))
        print(f"  {'rows':>8} {'quota ms':>9} {'fill ms':>8} {'export ms':>10} {'export peak MB':>15}")
        figures = []
        for rows in sizes:
            with database(kind) as engine:
                figures.append(table_paths(engine, rows, plan))
            print(f"  {rows:>8} {figures[-1][0]:>9.2f} {figures[-1][1]:>8.2f} {figures[-1][2]:>10.0f} "
                  f"{figures[-1][3]:>15.1f}")
        print(f"  ratio {sizes[-1]} / {sizes[0]} rows: quota {figures[-1][0] / figures[0][0]:.2f}, "
              f"fill {figures[-1][1] / figures[0][1]:.2f} (targets <= 2); export peak memory "
              f"{figures[-1][3] / figures[0][3]:.2f}")
    with database("SQLite") as engine:
        samples = asyncio.run(wave_memory(engine, subscribers, Answerer(plan, units)))
    print(f"SQLite: a wave to {subscribers} subscribers through a pusher that does nothing, resident memory:")
    print("  " + ", ".join(f"{sent} sent: {mb:.0f} MB" for sent, mb in samples))
    print(f"  growth from {samples[1][0]} messages to the end: {samples[-1][1] - samples[1][1]:+.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
