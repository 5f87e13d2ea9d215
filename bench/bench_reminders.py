"""Pushes at scale: an announcement to N subscribers (default 10,000) through `python -m bot remind`, against the
fake Bot API in its own process, with the limit set to 1,000 messages per second.

Prints: the achieved rate divided by the limit (target >= 0.9), the largest count in any one-second window (must
not exceed the limit); then, for a run killed with SIGKILL halfway and started again, how many messages each
subscriber received (target: exactly one each; duplicates no more than the messages in flight at the kill).
Run: .venv/bin/python bench/bench_reminders.py [subscribers] [aiogram|ptb]
"""
from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.reminders import TZ  # noqa: E402
from storage.database import make_engine, upgrade  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for

LIMIT = 1000
NOW = "2024-07-01T08:00"  # no reminder is due then: only the announcement goes out


def start_fake() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.fake_telegram", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def calls(base: str) -> list[tuple[int, float]]:
    with urllib.request.urlopen(f"{base}/_calls?method=sendMessage") as response:
        return [(int(call["chat"]), call["at"]) for call in json.load(response)["calls"]]


def seed(url: str, subscribers: int) -> None:
    import datetime as dt

    engine = make_engine(url)
    upgrade(engine)
    moment = dt.datetime.fromisoformat(NOW).replace(tzinfo=TZ)
    with UnitOfWork(engine, DEFAULT_PLAN, "hanoi") as uow:
        for i in range(subscribers):
            uow.ledger.subscribe("telegram", str(10_000_000 + i), None, "city", moment)
        uow.ledger.announce("Thông báo của Ban Thi đua - Khen thưởng: họp giao ban lúc 14 giờ.", "telegram", "1", moment)
        uow.commit()
    engine.dispose()


def remind(url: str, base: str, backend: str, now: str = NOW) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": DEFAULT_PLAN, "DATABASE_URL": url,
           "TELEGRAM_BOT_TOKEN": "123456:BENCH",
           "TELEGRAM_API_BASE": base, "TELEGRAM_BACKEND": backend, "PUSH_RATE": str(LIMIT), "LOG_LEVEL": "ERROR",
           "ADMIN_IDS": ""}
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


def rate_run(subscribers: int, backend: str) -> tuple[float, int]:
    fake, base = start_fake()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    seed(url, subscribers)
    try:
        assert remind(url, base, backend).wait(600) == 0
        stamps = [t for chat, t in calls(base) if chat >= 10_000_000]
    finally:
        fake.kill()
    elapsed = max(stamps) - min(stamps)
    return (len(stamps) - 1) / elapsed / LIMIT, busiest_second(stamps)


def kill_run(subscribers: int, backend: str) -> tuple[collections.Counter, int, int]:
    fake, base = start_fake()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    seed(url, subscribers)
    try:
        first = remind(url, base, backend)
        while len(calls(base)) < subscribers // 2:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = len(calls(base))
        in_flight = claimed_unmarked(url)
        later = NOW[:-2] + "10"  # after the lease (5 minutes) of the dead process's claims has run out
        assert remind(url, base, backend, later).wait(600) == 0
        received = collections.Counter(chat for chat, _ in calls(base) if chat >= 10_000_000)
    finally:
        fake.kill()
    return received, at_kill, in_flight


def claimed_unmarked(url: str) -> int:
    """Rows the killed process had claimed and not marked: the most that may be sent twice."""
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM deliveries WHERE status = 'claimed'")).scalar_one()
    engine.dispose()
    return count


def main(subscribers: int, backend: str) -> None:
    ratio, busiest = rate_run(subscribers, backend)
    received, at_kill, in_flight = kill_run(subscribers, backend)
    counts = collections.Counter(received.values())
    missing = subscribers - len(received)
    print(f"{subscribers} subscribers, limit {LIMIT}/s, backend {backend}, SQLite ledger")
    print(f"achieved rate / limit: {ratio:.2f}   busiest one-second window: {busiest} messages")
    print(f"killed after {at_kill} messages with {in_flight} claimed and unmarked (in flight), then restarted:")
    print(f"  received exactly once {counts.get(1, 0)}, twice {counts.get(2, 0)}, "
          f"more {sum(v for k, v in counts.items() if k > 2)}, never {missing}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000, sys.argv[2] if len(sys.argv) > 2 else "aiogram")
