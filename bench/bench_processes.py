"""Throughput of 1, 2 and 3 `python -m bot run` webhook processes on one PostgreSQL and one Redis, behind the tests'
round-robin proxy (tests/round_robin.py), as compose.yaml deploys them.

Each run: a fresh PostgreSQL schema, a fresh bot token (so a fresh Redis scope), N processes started and healthy,
then --chats chats at once, each POSTing --each questions through the proxy, its next once the last is answered
200 (as Telegram delivers a chat's updates). The rate is updates answered per second, over the whole load. Each
figure is the median of --runs runs, with its spread, and its ratio to one process. The proxy and the load
generator run in this process, on the same machine as the bot processes: on a small machine they share its cores.
Run: .venv/bin/python bench/bench_processes.py [--runs 3] [--chats 60] [--each 10] [--processes 1 2 3]
Needs PostgreSQL (TEST_POSTGRES_URL) and Redis (TEST_REDIS_URL) as the tests do.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psycopg  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from bot.bootstrap import redis_scope  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.coordination.shared import PREFIX  # noqa: E402

from bot.serve import TELEGRAM_SECRET_HEADER  # noqa: E402
from tests.bot_process import free_port, started_bot, stopped_bot  # noqa: E402
from tests.conftest import PG_URL, REDIS_URL  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.round_robin import RoundRobin  # noqa: E402

SECRET = "bi-mat-bench-123"
QUESTIONS = ["/hoso", "mỗi quận được đề nghị tối đa mấy cá nhân", "thời gian thi đua từ tháng nào đến tháng nào",
             "hạn nộp hồ sơ khen thưởng tổng kết"]


async def _chat(http: aiohttp.ClientSession, fake: FakeTelegram, url: str, chat: int, each: int) -> None:
    for i in range(each):
        update = fake.message_update(chat, QUESTIONS[i % len(QUESTIONS)])
        while True:
            async with http.post(url, json=update, headers={TELEGRAM_SECRET_HEADER: SECRET}) as response:
                if response.status == 200:
                    break
            await asyncio.sleep(0.05)


async def one_run(processes: int, chats: int, each: int) -> float:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    fake = FakeTelegram()
    env = {"TELEGRAM_BOT_TOKEN": f"{uuid.uuid4().int % 10**9}:BENCH", "TELEGRAM_API_BASE": await fake.start(),
           "BOT_TODAY": "2024-08-01", "WEBHOOK_URL": "https://bot.example.vn/telegram", "WEBHOOK_SECRET": SECRET,
           "DATABASE_URL": f"{PG_URL}?options=-csearch_path%3D{schema}", "REDIS_URL": REDIS_URL, "LOG_LEVEL": "ERROR"}
    ports = [free_port() for _ in range(processes)]
    balancer = RoundRobin(ports)
    procs = []
    try:
        with tempfile.TemporaryDirectory() as cwd:
            for port in ports:  # one after another: the first runs the migrations, the others find them done
                procs.append(await started_bot(port, env, Path(cwd)))
            url = f"{await balancer.start()}/telegram"
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector) as http:
                started = time.perf_counter()
                await asyncio.gather(*(_chat(http, fake, url, 10_000 + c, each) for c in range(chats)))
                elapsed = time.perf_counter() - started
            answered = sum(len(fake.to_chat(10_000 + c)) for c in range(chats))
            assert answered >= chats * each, f"{answered} replies to {chats * each} updates"
            return chats * each / elapsed
    finally:
        for proc in procs:
            await stopped_bot(proc)
        await balancer.stop()
        await fake.stop()
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await _forget(env["TELEGRAM_BOT_TOKEN"])


async def _forget(token: str) -> None:
    """The run's keys in Redis."""
    scope = f"{PREFIX}:{redis_scope(Settings(_env_file=None, telegram_bot_token=token))}:"  # type: ignore[call-arg]
    redis = Redis.from_url(REDIS_URL)
    keys = [k async for k in redis.scan_iter(f"{scope}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chats", type=int, default=60)
    parser.add_argument("--each", type=int, default=10)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; {args.chats} chats x {args.each} questions; median of {args.runs} runs")
    medians: dict[int, float] = {}
    for n in args.processes:
        rates = [await one_run(n, args.chats, args.each) for _ in range(args.runs)]
        medians[n] = statistics.median(rates)
        base = medians.get(args.processes[0], medians[n])
        print(f"{n} process{'es' if n > 1 else '  '}: {medians[n]:6.1f} updates/s (min {min(rates):.1f}, "
              f"max {max(rates):.1f}); x{medians[n] / base:.2f} of {args.processes[0]}")


if __name__ == "__main__":
    asyncio.run(main())
