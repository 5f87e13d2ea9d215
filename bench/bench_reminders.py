"""Reminders at scale through `python -m bot remind`, against the fake Bot API in its own process, on SQLite and
PostgreSQL (a schema of its own, dropped after).

The workload: N subscribers (default 10,000), each with a user, a third of them with an open draft, on the
morning the first reminder of the 01/9 deadline falls due (2024-08-01 08:00): one reminder each, whose text
counts the user's open drafts.

Prints, for each database:
- the pipeline's ceiling: the rate achieved with the limit set far above it (1,000,000/s);
- the limiter: the rate achieved with the limit set below the ceiling (LIMIT_SHARE of it, rounded down to tens),
  divided by that limit (target >= 0.9), and the largest count in any one-second window (must not exceed it);
then, on SQLite, a run at that limit killed with SIGKILL halfway and started again: how many messages each
subscriber received (target: exactly one each; duplicates no more than the messages in flight at the kill).
Each rate is the median of RUNS runs, with the spread.
Run: .venv/bin/python bench/bench_reminders.py [subscribers] [aiogram|ptb] [runs]
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from bench.databases import analyse, fresh_url  # noqa: E402
from handlers.reminders import TZ  # noqa: E402
from storage.database import make_engine, upgrade  # noqa: E402
from storage.models import Nomination, Subscription, User  # noqa: E402

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
NOW = "2024-08-01T08:00"  # the first reminder of the 01/9 deadline is due
LATER = "2024-08-01T08:10"  # after the lease (5 minutes) of a dead process's claims has run out
SUBSCRIBED = dt.datetime(2024, 7, 1, 9, tzinfo=TZ)
CEILING = 1_000_000.0  # a limit far above what the pipeline does
LIMIT_SHARE = 0.6
FIRST_CHAT = 10_000_000


def seed(url: str, subscribers: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    chats = [str(FIRST_CHAT + i) for i in range(subscribers)]
    with engine.begin() as conn:
        conn.execute(insert(User), [{"platform": "telegram", "platform_user_id": c, "role": "officer",
                                     "created_at": SUBSCRIBED} for c in chats])
        users = conn.execute(select(User.id).order_by(User.id)).scalars().all()
        conn.execute(insert(Subscription), [{"platform": "telegram", "chat_id": c, "user_id": u,
                                             "plan_id": DEFAULT_PLAN, "unit_class": "district", "active": True,
                                             "created_at": SUBSCRIBED} for c, u in zip(chats, users)])
        conn.execute(insert(Nomination), [{"plan_id": DEFAULT_PLAN, "user_id": u, "status": "draft", "answers": {}}
                                          for u in users[::3]])
    analyse(engine)
    engine.dispose()


def start_fake() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.fake_telegram", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def sent(base: str) -> list[tuple[int, str, float]]:
    """(chat, text, time) of every message the fake got, the subscribers' only."""
    with urllib.request.urlopen(f"{base}/_calls?method=sendMessage") as response:
        calls = json.load(response)["calls"]
    return [(int(c["chat"]), c["text"], c["at"]) for c in calls if int(c["chat"]) >= FIRST_CHAT]


def remind(url: str, base: str, backend: str, limit: float, now: str = NOW) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": DEFAULT_PLAN, "DATABASE_URL": url,
           "TELEGRAM_BOT_TOKEN": "123456:BENCH", "TELEGRAM_API_BASE": base, "TELEGRAM_BACKEND": backend,
           "PUSH_RATE": str(limit), "LOG_LEVEL": "ERROR", "ADMIN_IDS": ""}
    return subprocess.Popen([sys.executable, "-m", "bot", "remind", "--now", now], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL)


def busiest_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    best, start = 0, 0
    for end, t in enumerate(stamps):
        while t - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def rate_run(kind: str, subscribers: int, backend: str, limit: float) -> tuple[float, int]:
    """Messages per second from the first to the last, and the busiest one-second window."""
    with fresh_url(kind) as url:
        seed(url, subscribers)
        fake, base = start_fake()
        try:
            assert remind(url, base, backend, limit).wait(900) == 0
            messages = sent(base)
        finally:
            fake.kill()
    assert len(messages) == subscribers, f"{len(messages)} of {subscribers} sent"
    drafts = sum("hồ sơ nháp" in body for _, body, _ in messages)
    assert drafts == len(range(0, subscribers, 3)), f"{drafts} reminders counted a draft"
    stamps = [t for _, _, t in messages]
    return (len(stamps) - 1) / (max(stamps) - min(stamps)), busiest_second(stamps)


def kill_run(subscribers: int, backend: str, limit: float) -> tuple[collections.Counter, int, int]:
    with fresh_url("SQLite") as url:
        seed(url, subscribers)
        fake, base = start_fake()
        try:
            first = remind(url, base, backend, limit)
            while len(sent(base)) < subscribers // 2:
                time.sleep(0.05)
            first.send_signal(signal.SIGKILL)
            first.wait()
            at_kill = len(sent(base))
            in_flight = claimed_unmarked(url)
            assert remind(url, base, backend, limit, LATER).wait(900) == 0
            received = collections.Counter(chat for chat, _, _ in sent(base))
        finally:
            fake.kill()
    return received, at_kill, in_flight


def claimed_unmarked(url: str) -> int:
    """Rows the killed process had claimed and not marked: the most that may be sent twice."""
    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM deliveries WHERE status = 'claimed'")).scalar_one()
    engine.dispose()
    return count


def runs(measure: Callable[[], tuple[float, int]], times: int) -> tuple[list[float], int]:
    results = [measure() for _ in range(times)]
    return sorted(r for r, _ in results), max(b for _, b in results)


def spread(values: list[float], scale: float = 1.0) -> str:
    return (f"median {statistics.median(values) / scale:.2f} "
            f"(min {min(values) / scale:.2f}, max {max(values) / scale:.2f}, {len(values)} runs)")


def main(subscribers: int, backend: str, times: int) -> None:
    print(f"{subscribers} subscribers with users (a third with an open draft), one reminder each, backend {backend}")
    limit = 0.0
    for kind in ("SQLite", "PostgreSQL"):
        ceiling, _ = runs(lambda: rate_run(kind, subscribers, backend, CEILING), times)
        limit = max(10.0, statistics.median(ceiling) * LIMIT_SHARE // 10 * 10)
        rates, busiest = runs(lambda: rate_run(kind, subscribers, backend, limit), times)
        print(f"{kind}: pipeline ceiling (limit {CEILING:,.0f}/s) messages/s {spread(ceiling)}")
        print(f"  at a limit of {limit:.0f}/s ({LIMIT_SHARE:.0%} of the ceiling): achieved / limit "
              f"{spread(rates, limit)} (target >= 0.90); busiest one-second window {busiest} (limit {limit:.0f})")
    received, at_kill, in_flight = kill_run(subscribers, backend, limit)
    counts = collections.Counter(received.values())
    print(f"SQLite, limit {limit:.0f}/s: killed after {at_kill} messages with {in_flight} claimed and unmarked "
          f"(in flight), then restarted:")
    print(f"  received exactly once {counts.get(1, 0)}, twice {counts.get(2, 0)}, "
          f"more {sum(v for k, v in counts.items() if k > 2)}, never {subscribers - len(received)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, sys.argv[2] if len(sys.argv) > 2 else "aiogram",
         int(sys.argv[3]) if len(sys.argv) > 3 else 3)
