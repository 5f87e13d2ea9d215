"""Telegram channels end to end against the fake Bot API server, beside a bare echo bot on the same library.

Prints, for each backend: questions handled per second (and the echo bot's rate: the ceiling the library and the
fake allow), and reply latency p50/p99 at a steady 50 updates/s.
Targets (issue #3): >= 50% of the echo rate, >= 300 updates/s, p99 < 100 ms at 50/s.
Run: .venv/bin/python bench/bench_telegram.py [updates]
"""
from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from bot.telegram_aiogram import AiogramChannel  # noqa: E402
from bot.telegram_ptb import PtbChannel  # noqa: E402
from handlers.conversation import Conversation  # noqa: E402
from storage.database import make_engine, upgrade  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
import aiohttp  # noqa: E402

TOKEN = "123456:BENCH"
QUESTIONS = ["hạn nộp hồ sơ khen thưởng là ngày nào?", "quận đc đề nghị mấy cá nhân?", "hs khen đột xuất gồm gì?",
             "ai chủ trì phong trào Vành đai 4?", "Sở Y tế được đề nghị mấy tập thể?"]


class EchoCore:
    """The bare echo bot: the same channel code with a core that only repeats the text."""

    def handle(self, event):
        from handlers.events import Reply
        return [Reply(event.text or "?")]


class RemoteFake:
    """tests/fake_telegram.py in its own process, so that it does not share the bot's event loop and CPU."""

    async def start(self) -> str:
        self.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.fake_telegram", "0", cwd=ROOT,
                                                         stdout=asyncio.subprocess.PIPE)
        self.base = (await self.proc.stdout.readline()).decode().strip()  # type: ignore[union-attr]
        self.http = aiohttp.ClientSession()
        return self.base

    async def push(self, messages: list[tuple[int, str]]) -> None:
        await self.http.post(f"{self.base}/_push", json=messages)

    async def calls(self, method: str = "sendMessage") -> list[list]:
        async with self.http.get(f"{self.base}/_calls", params={"method": method}) as r:
            return await r.json()

    async def wait_for(self, method: str, count: int, timeout: float = 300) -> list[list]:
        deadline = time.perf_counter() + timeout
        while len(calls := await self.calls(method)) < count:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{method}: {len(calls)} of {count}")
            await asyncio.sleep(0.02)
        return calls

    async def stop(self) -> None:
        await self.http.close()
        self.proc.terminate()
        await self.proc.wait()


async def _run(make, work) -> object:
    fake = RemoteFake()
    channel = make(await fake.start())
    task = asyncio.create_task(channel.start_polling())
    await fake.wait_for("setMyCommands", 1)
    try:
        return await work(fake)
    finally:
        await channel.stop()
        await asyncio.wait_for(task, 30)
        await fake.stop()


async def throughput(make, n: int) -> float:
    async def work(fake: RemoteFake) -> float:
        t0 = time.perf_counter()
        await fake.push([(10_000 + i, QUESTIONS[i % len(QUESTIONS)]) for i in range(n)])
        await fake.wait_for("sendMessage", n)
        return n / (time.perf_counter() - t0)

    return await _run(make, work)  # type: ignore[return-value]


async def latency(make, rate: int = 50, seconds: float = 6.0) -> tuple[float, float]:
    """Time from the update entering the fake to the reply reaching it, both on the fake's clock."""
    async def work(fake: RemoteFake) -> tuple[float, float]:
        n = int(rate * seconds)
        start = time.perf_counter()
        for i in range(n):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            await fake.push([(20_000 + i, QUESTIONS[i % len(QUESTIONS)])])
        replies = {int(chat): t for chat, t in await fake.wait_for("sendMessage", n, timeout=60)}
        pushed = {int(chat): t for chat, t in await fake.calls("_pushed")}
        ms = sorted((replies[c] - pushed[c]) * 1000 for c in replies)
        return statistics.median(ms), ms[min(len(ms) - 1, int(0.99 * (len(ms) - 1)))]

    return await _run(make, work)  # type: ignore[return-value]


async def main(n: int) -> None:
    answerer = Answerer(*load_plan(DEFAULT_PLAN))
    today = dt.date(2026, 11, 25)
    engine = make_engine(f"sqlite:///{tempfile.mkdtemp()}/bench.db")  # every update reads and writes chat state
    upgrade(engine)
    rows = []
    for name, channel in (("aiogram", AiogramChannel), ("ptb", PtbChannel)):
        def real(base, channel=channel):
            return channel(TOKEN, base, Conversation([answerer], lambda: UnitOfWork(engine), lambda: today))

        def echo(base, channel=channel):
            return channel(TOKEN, base, EchoCore())

        echo_rate = await throughput(echo, n)
        rate = await throughput(real, n)
        p50, p99 = await latency(real)
        rows.append((name, rate, echo_rate, p50, p99))
    print(f"{n} updates per throughput run; latency at a steady 50 updates/s for 6 s")
    print(f"{'backend':8} {'questions/s':>12} {'echo/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7}")
    for name, rate, echo_rate, p50, p99 in rows:
        print(f"{name:8} {rate:12.0f} {echo_rate:8.0f} {rate / echo_rate:6.2f} {p50:7.1f} {p99:7.1f}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
