"""Telegram throughput and latency of each backend (aiogram, python-telegram-bot) against the fake Bot API.

Three processes: the fake (`python -m tests.fake_telegram 0`), the bot under test (bench/telegram_worker.py, stopped
with SIGTERM, which it must survive with exit status 0), and this one, the load generator: it pushes updates into the
fake (typed texts, and button taps whose callback data it reads from the bot's messages) and polls the fake for the
replies. Every run has a fresh fake, a fresh bot process and a fresh SQLite database.

Figures, per backend, each the median of --runs runs, with its spread (min-max):
  bare echo         the library's own minimal echo bot (one handler sending the text back, the library's long
                    polling, its defaults: python-telegram-bot handles one update at a time): the ceiling that the
                    library and the fake allow;
  adapter echo      the project's Telegram channel (its poller, chat order, retries) over a core that only echoes;
  real: questions   the whole bot (`python -m bot run`) answering questions about the plan;
  real: wizard + questions
                    the whole bot, --chats chats walking the nomination wizard to its review screen (a command,
                    typed answers, button taps: every step reads and writes the draft) beside --chats chats asking
                    questions, each chat sending its next update once the last is answered (18 updates a chat;
                    more chats than a getUpdates batch holds, 100, so that the bot always has a full batch waiting);
  latency           the whole bot's reply time, p50 and p99, to questions pushed at a steady 50 updates/s for 6 s.
The three first push --updates questions at once, each from a chat of its own. Rates are updates handled per second,
and latencies are measured, on the fake's clock: from an update's entry into the fake to the reply reaching it.
Targets (issue #3): the real bot's rates >= 50% of the bare echo's and >= 300 updates/s; latency p99 < 100 ms.
Run: .venv/bin/python bench/bench_telegram.py [--runs 3] [--updates 1000] [--chats 75] [--backends aiogram ptb]
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests.chat_driver import ACHIEVEMENT, INITIATIVE  # noqa: E402

T = TypeVar("T")
WORKER = ROOT / "bench" / "telegram_worker.py"
QUESTIONS = ["hạn nộp hồ sơ khen thưởng là ngày nào?", "quận đc đề nghị mấy cá nhân?", "hs khen đột xuất gồm gì?",
             "ai chủ trì phong trào Vành đai 4?", "Sở Y tế được đề nghị mấy tập thể?"]
WIZARD = [("say", "/denghi"), ("say", "Quận Ba Đình"), ("tap", "Khen thưởng tổng kết"), ("tap", "Đô thị văn minh"),
          ("tap", "Cá nhân"), ("say", "Nguyễn Văn An"), ("tap", "Nam"), ("say", "15/3/1980"),
          ("say", "Phó Trưởng phòng Văn hóa và Thông tin"), ("say", "UBND quận Ba Đình"), ("tap", "Có"),
          ("say", ACHIEVEMENT), ("say", INITIATIVE), ("tap", "Đạt"), ("tap", "Đạt"), ("say", "20/7/2024"),
          ("tap", "Nộp bản giấy"), ("tap", "Nộp bản giấy")]  # to the review screen; every reply shows buttons
RATE, SECONDS = 50, 6.0  # the latency phase's steady load
POLL = 0.01  # seconds between two looks at the fake when nothing is new
STALL = 60.0  # seconds without a reply before a run is given up
STOP_WITHIN = 30.0  # seconds the worker has to exit after SIGTERM
TARGET_SHARE, TARGET_RATE, TARGET_P99 = 0.5, 300, 100.0


class Fake:
    """The fake Bot API in its own process, seen through its control routes."""

    def __init__(self, base: str, http: aiohttp.ClientSession) -> None:
        self.base, self.http, self.seen = base, http, 0

    async def push(self, updates: list[dict]) -> float:
        """Queues the updates; when they entered, on the fake's clock."""
        async with self.http.post(f"{self.base}/_push", json=updates) as response:
            return (await response.json())["at"]

    async def calls(self, method: str, since: int = 0) -> tuple[list[dict], int]:
        async with self.http.get(f"{self.base}/_calls", params={"method": method, "since": since}) as response:
            body = await response.json()
        return body["calls"], body["next"]

    async def new_replies(self) -> list[dict]:
        """The messages the bot sent since the last look, once there are some."""
        deadline = time.monotonic() + STALL
        while True:
            replies, self.seen = await self.calls("sendMessage", self.seen)
            if replies:
                return replies
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply for {STALL:.0f} s")
            await asyncio.sleep(POLL)


class Chat:
    """One user: a script of ("say", text) and ("tap", button label) steps, each sent once the last is answered. A
    wizard chat is answered by a message with buttons (each wizard step shows some); the labels it taps are looked
    up in the buttons of its last answer."""

    def __init__(self, chat_id: int, script: list[tuple[str, str]], wizard: bool = False) -> None:
        self.id, self.script, self.wizard = chat_id, list(script), wizard
        self.buttons: list[list[str]] = []

    def next_update(self) -> dict | None:
        if not self.script:
            return None
        kind, value = self.script.pop(0)
        if kind == "say":
            return {"chat": self.id, "text": value}
        data = next((d for label, d in self.buttons if label.startswith(value)), None)
        if data is None:
            raise RuntimeError(f"chat {self.id}: no button {value!r} among {[b[0] for b in self.buttons]}")
        return {"chat": self.id, "data": data}

    def answered_by(self, message: dict) -> bool:
        if self.wizard and not message["buttons"]:
            return False
        self.buttons = message["buttons"]
        return True


async def drive(fake: Fake, chats: list[Chat]) -> float:
    """Updates per second until every chat's script is answered: from the first update's entry to the last reply."""
    waiting = {chat.id: chat for chat in chats}
    first = [chat.next_update() for chat in chats]
    started = last = await fake.push([u for u in first if u])
    updates = len(chats)
    while waiting:
        pushes = []
        for message in await fake.new_replies():
            chat = waiting.get(int(message["chat"]))
            if chat is None or not chat.answered_by(message):
                continue
            last = message["at"]
            update = chat.next_update()
            if update is None:
                del waiting[chat.id]
            else:
                pushes.append(update)
        if pushes:
            updates += len(pushes)
            await fake.push(pushes)
    return updates / (last - started)


def asking(first_chat: int, chats: int, questions: int = 1) -> list[Chat]:
    return [Chat(first_chat + i, [("say", QUESTIONS[(i + k) % len(QUESTIONS)]) for k in range(questions)])
            for i in range(chats)]


def burst(updates: int) -> Callable[[Fake], Awaitable[float]]:
    return lambda fake: drive(fake, asking(10_000, updates))


def mix(chats: int) -> Callable[[Fake], Awaitable[float]]:
    return lambda fake: drive(fake, [*(Chat(30_000 + i, WIZARD, wizard=True) for i in range(chats)),
                                     *asking(40_000, chats, len(WIZARD))])


async def latency(fake: Fake) -> tuple[float, float]:
    """p50 and p99 in ms of questions pushed at RATE a second for SECONDS, each from a chat of its own."""
    n, start = int(RATE * SECONDS), time.perf_counter()
    pushed, replied = {}, {}
    for i in range(n):
        await asyncio.sleep(max(0.0, start + i / RATE - time.perf_counter()))
        pushed[20_000 + i] = await fake.push([{"chat": 20_000 + i, "text": QUESTIONS[i % len(QUESTIONS)]}])
    while len(replied) < n:
        for message in await fake.new_replies():
            replied.setdefault(int(message["chat"]), message["at"])
    ms = sorted((replied[chat] - pushed[chat]) * 1000 for chat in pushed)
    return statistics.median(ms), ms[min(len(ms) - 1, int(0.99 * (len(ms) - 1)))]


@contextlib.asynccontextmanager
async def fake_process() -> AsyncIterator[Fake]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.fake_telegram", "0", cwd=ROOT,
                                                stdout=asyncio.subprocess.PIPE)
    try:
        base = (await proc.stdout.readline()).decode().strip()  # type: ignore[union-attr]
        async with aiohttp.ClientSession() as http:
            yield Fake(base, http)
    finally:
        proc.terminate()
        await proc.wait()


@contextlib.asynccontextmanager
async def worker_process(kind: str, backend: str, fake: Fake, folder: str) -> AsyncIterator[None]:
    """The bot under test, polling the fake from a process of its own, over a fresh database in `folder`; its
    stderr is shown only when the run fails."""
    log = Path(folder) / "worker.log"
    with log.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(sys.executable, str(WORKER), kind, backend, fake.base,
                                                    f"sqlite:///{folder}/bench.db", cwd=folder, stderr=stderr)
    try:
        while not (await fake.calls("getUpdates"))[0]:  # polling: ready
            if proc.returncode is not None:
                raise RuntimeError(f"the {kind} {backend} worker exited with status {proc.returncode}")
            await asyncio.sleep(0.05)
        yield
    except BaseException:
        await _stop(proc)
        print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        raise
    status = await _stop(proc)
    if status != 0:
        raise RuntimeError(f"the {kind} {backend} worker exited with status {status} after SIGTERM (-9: killed "
                           f"{STOP_WITHIN:.0f} s after it):\n{log.read_text(errors='replace')[-4000:]}")


async def _stop(proc: asyncio.subprocess.Process) -> int:
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(proc.wait(), STOP_WITHIN)
    except TimeoutError:
        proc.kill()
        return await proc.wait()


async def one_run(kind: str, backend: str, work: Callable[[Fake], Awaitable[T]]) -> T:
    with tempfile.TemporaryDirectory(prefix="bench-telegram-") as folder:
        async with fake_process() as fake, worker_process(kind, backend, fake, folder):
            return await work(fake)


RATES = [("bare", "bare echo"), ("adapter", "adapter echo"), ("questions", "real: questions"),
         ("mix", "real: wizard + questions")]


async def measure(backend: str, args: argparse.Namespace) -> dict[str, list[float]]:
    """Every figure of one backend, once per run."""
    works = {"bare": ("bare", burst(args.updates)), "adapter": ("adapter", burst(args.updates)),
             "questions": ("real", burst(args.updates)), "mix": ("real", mix(args.chats))}
    figures: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.runs):
        for name, (kind, work) in works.items():
            figures[name].append(await one_run(kind, backend, work))
        p50, p99 = await one_run("real", backend, latency)
        figures["p50"].append(p50)
        figures["p99"].append(p99)
    return figures


def _figure(values: list[float], digits: int = 0) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def _meets(ok: bool) -> str:
    return "yes" if ok else "NO"


def report(backend: str, figures: dict[str, list[float]]) -> None:
    bare = statistics.median(figures["bare"])
    for name, label in RATES:
        rate = statistics.median(figures[name])
        targets = "" if name in ("bare", "adapter") else \
            f"{_meets(rate >= TARGET_SHARE * bare):>11} {_meets(rate >= TARGET_RATE):>9}"
        print(f"{backend:8} {label:25} {_figure(figures[name]):>18} {rate / bare:7.2f} {targets}")
    p99 = statistics.median(figures["p99"])
    print(f"{backend:8} {'real: latency at 50/s':25} p50 {_figure(figures['p50'], 1)} ms, "
          f"p99 {_figure(figures['p99'], 1)} ms; p99 < {TARGET_P99:.0f} ms: {_meets(p99 < TARGET_P99)}")


async def main(args: argparse.Namespace) -> None:
    print(f"Median (min-max) of {args.runs} runs. Bursts of {args.updates} questions; the mix: {args.chats} wizard "
          f"chats and {args.chats} question chats, {len(WIZARD)} updates each; latency at {RATE}/s for {SECONDS:.0f} s")
    print(f"{'backend':8} {'run':25} {'updates/s':>18} {'/ bare':>7} {'>= 50% bare':>11} {'>= 300/s':>9}")
    for backend in args.backends:
        report(backend, await measure(backend, args))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--updates", type=int, default=1000, help="questions in each burst")
    parser.add_argument("--chats", type=int, default=75, help="wizard chats, and question chats, in the mix")
    parser.add_argument("--backends", nargs="+", choices=("aiogram", "ptb"), default=["aiogram", "ptb"])
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(_arguments()))
