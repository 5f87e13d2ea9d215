"""The nomination wizard's cost, from the first /denghi to the confirmation of "Nộp hồ sơ", on SQLite (a temp file)
and PostgreSQL (postgresql://postgres@127.0.0.1:5432/test, TEST_POSTGRES_URL overrides; a schema of its own per
run and phase, dropped after). Every phase starts from an empty database and drives `Conversation.handle` as a
chat would (tests/chat_driver.py); a message's time is the core's `handle` alone.

1. Drafts: `--drafts` nominations spread evenly over `--units` units of the directory, taken in turn from each kind
   (quận, thị xã, huyện, sở, ban ngành…), two officers per unit. Each is walked to its review screen and submitted:
   "Nộp hồ sơ", and on a unit's first submission its profile (signer, abbreviation) then "Xác nhận". A unit's first
   nominations are individual tổng kết ones up to its quota, the rest đột xuất (no quota), so none is refused.
   Printed: step time p50/p99 (every typed or tapped message but the one that submits), submit-tap time p50/p99
   (the message whose reply confirms the submission), database size per 1000 nominations (SQLite's file after a
   checkpoint; PostgreSQL's tables with their indexes and TOAST). Documents are not made here (bench_documents).
2. One unit's series: `--series` đột xuất submissions of one unit after the one that settles its profile; the
   submit tap's p99 over the 1st-10th and over the last 10, and their ratio (target, issue 14: at most 1.5; with 10
   taps a p99 is their slowest, so one pause of the machine moves it), then the same with the median (the trend:
   the tap reads the unit's submissions, whose list its documents carry); the documents, made after the commit,
   timed apart.
3. Concurrent chats: `--threads` worker threads, as the Telegram and Zalo adapters run the synchronous core
   (bot/delivery.py: `asyncio.to_thread(handle, event)`, then the documents, under the chat's lock of
   bot/coordination/locks.py); a thread takes one chat at a time and sends its messages in order, then makes its documents.
   (asyncio's default pool has min(32, CPUs + 4) threads: 6 on two cores; 16 makes quota races likelier.)
   `--concurrent` nominations, each by an officer of its own: first `--threads` individual tổng kết nominations for
   each of two units (a district and a city one), taken in turn, so the first wave puts more of a unit's nominations
   in flight than its quota; then đột xuất ones over all the units. Printed: wall-clock nominations per second
   (every nomination walked to its end, submitted or refused), step and submit-tap p50/p99, documents p50.
   Checked, exit status 1 if broken: no unit has more submitted tổng kết individuals than its quota; every
   submission confirmed to its officer is in the database as submitted, and nothing else is; no chat got the
   apology for a failure, every chat ended, every submission's documents were made.

Every figure is the median over `--runs` runs, with the spread (min-max over runs) in brackets.
No numeric target is set for step times; for scale, a channel shows "typing" after bot.delivery.TYPING_AFTER.
Run: .venv/bin/python bench/bench_wizard.py [--runs 3] [--drafts 240] [--units 12] [--series 50] [--threads 16]
     [--concurrent 96] [--db sqlite postgresql]      (about 4 minutes on two cores with the defaults)
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from handlers.conversation import Conversation  # noqa: E402
from handlers.events import Incoming, Reply  # noqa: E402
from handlers.nomination import rules  # noqa: E402
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
from bench.databases import PG, in_schema, postgres_schema  # noqa: E402
from storage.database import checkpoint, make_engine, upgrade  # noqa: E402
from storage.models import Nomination, Unit  # noqa: E402
from storage.unit_of_work import UnitOfWork  # noqa: E402
from tests.chat_driver import (  # noqa: E402
    ACHIEVEMENT,
    Chat,
    individual_to_review,
    start_dot_xuat_individual,
    submit,
)


TODAY = dt.date(2024, 8, 1)  # within the plan's period, before its tổng kết deadline
TONG_KET, DOT_XUAT, INDIVIDUAL = "tong_ket", "dot_xuat", "individual"
OFFICERS_PER_UNIT = 2  # in the drafts phase; each concurrent nomination has an officer of its own
SUBMITTED = "Đã nộp"  # the confirmation (nomination/submitted.j2)
REFUSED = "Không thể đề nghị thêm"  # the quota's refusal (nomination/quota_exceeded.j2)
FAILED = "gặp sự cố"  # the apology for a failure (error.j2)


class Refused(Exception):
    """The quota refused the nomination, while walking (the nominee step) or at the submission."""


class Failed(Exception):
    """The core answered with its apology for a failure."""


@dataclass(frozen=True)
class Job:
    user: str
    unit: str
    award: str


@dataclass
class Outcome:
    job: Job
    status: str = "unfinished"  # submitted, refused walking, refused submitting, failed, unfinished
    nomination_id: int | None = None
    steps: list[float] = field(default_factory=list)  # seconds
    submits: list[float] = field(default_factory=list)
    documents: list[float] = field(default_factory=list)
    last: str = ""  # where an unfinished chat stopped, and what it saw
    documents_failed: bool = False


class TimedChat(Chat):
    """A chat whose messages are timed (the core's `handle` alone); files made later are kept aside, not made."""

    def __init__(self, conversation: Conversation, user: str) -> None:
        super().__init__(conversation, user=user)
        self.times: list[float] = []
        self.later: list[Reply] = []

    def _handle(self, event: Incoming) -> list[Reply]:
        start = time.perf_counter()
        replies = self.conversation.handle(event)
        self.times.append(time.perf_counter() - start)
        self.replies = [r for r in replies if r.later is None]
        self.later = [r for r in replies if r.later is not None]
        if FAILED in self.text:
            raise Failed(self.text)
        if REFUSED in self.text:
            raise Refused(self.text)
        return self.replies

    def make_documents(self) -> tuple[float, bool]:
        """Make the files the last message left for later, as a channel does once the confirmation is sent: the
        time it took, and whether every one was made (a reply without a file is the text said instead)."""
        start = time.perf_counter()
        made = [m for reply in self.later for m in reply.made()]
        return time.perf_counter() - start, all(m.document is not None for m in made)


def dot_xuat_to_review(chat: Chat, unit: str) -> None:
    start_dot_xuat_individual(chat, unit=unit)
    for text in (ACHIEVEMENT, ACHIEVEMENT):
        chat.say(text)
    while "tiêu chuẩn sau" in chat.text:
        chat.tap("Đạt")
    while "Giấy tờ cần có" in chat.text:
        chat.tap("Nộp bản giấy")
    assert "Kiểm tra lại hồ sơ" in chat.text, chat.text


WALKS: dict[str, Callable[[Chat, str], None]] = {TONG_KET: individual_to_review, DOT_XUAT: dot_xuat_to_review}


def nominate(conversation: Conversation, job: Job, documents: bool = False) -> Outcome:
    """One nomination walked to its review screen and submitted; `documents`: its files made after, as a channel
    does. The message that submitted is timed apart from the steps."""
    chat, outcome = TimedChat(conversation, job.user), Outcome(job)
    walked = None
    try:
        WALKS[job.award](chat, job.unit)
        outcome.nomination_id = int(chat.payload("Nộp hồ sơ").split(":")[1])  # w:<id>:submit
        walked = len(chat.times)
        submit(chat)
        outcome.status = "submitted" if SUBMITTED in chat.text else "unfinished"
        outcome.last = "" if SUBMITTED in chat.text else f"message {len(chat.times)}: {chat.text[:300]}"
    except Refused:
        outcome.status = "refused walking" if walked is None else "refused submitting"
    except Failed:
        outcome.status = "failed"
    except AssertionError as unexpected:  # a reply the walk did not expect: the chat stops, reported
        outcome.last = f"message {len(chat.times)}: {str(unexpected)[:300]}"
    submitting = walked is not None and len(chat.times) > walked
    outcome.steps = chat.times[:-1] if submitting else chat.times
    outcome.submits = chat.times[-1:] if submitting else []
    if documents and outcome.status == "submitted":
        seconds, made = chat.make_documents()
        outcome.documents.append(seconds)
        outcome.documents_failed = not made
    return outcome


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[int(p / 100 * (len(ordered) - 1))]


def ms(values: list[float], p: float) -> float:
    return percentile(values, p) * 1000


# -- the workload ---------------------------------------------------------------------------------------------------
def unit_classes(answerer: Answerer) -> dict[str, str]:
    """Each unit's quota class, from its kind in the directory."""
    class_of_kind = {kind: c.id for c in answerer.plan.unit_classes for kind in c.kinds}
    return {u.name: class_of_kind[u.kind] for u in answerer.units.units if u.kind in class_of_kind}


def quota(answerer: Answerer, unit: str) -> int:
    """How many individual tổng kết nominations the unit may submit (the plan's quota for its class)."""
    q = rules.quota(answerer.plan, TONG_KET, unit_classes(answerer)[unit], INDIVIDUAL)
    assert q is not None and q.per != "class", "the workload expects a quota per unit"
    return q.max


def pick_units(answerer: Answerer, count: int) -> list[str]:
    """`count` units, taken in turn from each kind of the directory that has a quota class."""
    classes = unit_classes(answerer)
    by_kind: dict[str, list[str]] = {}
    for unit in answerer.units.units:
        if unit.name in classes:
            by_kind.setdefault(unit.kind, []).append(unit.name)
    ordered = [names[i] for i in range(max(map(len, by_kind.values()))) for names in by_kind.values() if i < len(names)]
    assert len(ordered) >= count, f"the directory has {len(ordered)} units"
    return ordered[:count]


def drafts_jobs(answerer: Answerer, units: list[str], count: int) -> list[Job]:
    """`count` nominations over `units` in turn: a unit's first ones tổng kết up to its quota, then đột xuất."""
    jobs = []
    for i in range(count):
        u, nth = i % len(units), i // len(units)
        award = TONG_KET if nth < quota(answerer, units[u]) else DOT_XUAT
        jobs.append(Job(f"unit{u}-officer{nth % OFFICERS_PER_UNIT}", units[u], award))
    return jobs


def contended_units(answerer: Answerer, units: list[str]) -> list[str]:
    """The first unit of each quota class among `units`."""
    classes, first = unit_classes(answerer), {}
    for unit in units:
        first.setdefault(classes[unit], unit)
    return list(first.values())


def concurrent_jobs(answerer: Answerer, units: list[str], threads: int, count: int) -> list[Job]:
    """`threads` tổng kết nominations for each contended unit, in turn, then đột xuất ones over every unit;
    an officer of its own for each."""
    contended = contended_units(answerer, units)
    places = [(contended[i % len(contended)], TONG_KET) for i in range(threads * len(contended))]
    places += [(units[i % len(units)], DOT_XUAT) for i in range(max(0, count - len(places)))]
    return [Job(f"officer{i}", unit, award) for i, (unit, award) in enumerate(places[:count])]


# -- databases ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Database:
    engine: Engine
    size: Callable[[], int]  # bytes


@contextmanager
def sqlite() -> Iterator[Database]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        engine = make_engine(f"sqlite:///{path}")

        def size() -> int:
            checkpoint(engine)  # the write-ahead log copied into the file, then emptied
            return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))

        yield from _migrated(engine, size)


@contextmanager
def postgresql() -> Iterator[Database]:
    with postgres_schema() as schema:
        def size() -> int:
            with psycopg.connect(PG, autocommit=True) as conn:
                row = conn.execute("SELECT sum(pg_total_relation_size(format('%%I.%%I', schemaname, tablename))) "
                                   "FROM pg_tables WHERE schemaname = %s", (schema,)).fetchone()
            return int(row[0]) if row else 0

        yield from _migrated(make_engine(in_schema(schema)), size)


def _migrated(engine: Engine, size: Callable[[], int]) -> Iterator[Database]:
    upgrade(engine)
    try:
        yield Database(engine, size)
    finally:
        engine.dispose()


DATABASES = {"sqlite": ("SQLite", sqlite), "postgresql": ("PostgreSQL", postgresql)}


def conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return Conversation([answerer], lambda: UnitOfWork(engine), lambda: TODAY)


# -- the phases -----------------------------------------------------------------------------------------------------
Figures = dict[str, float]


def timing(outcomes: list[Outcome]) -> Figures:
    steps = [t for o in outcomes for t in o.steps]
    submits = [t for o in outcomes for t in o.submits]
    return {"step p50 ms": ms(steps, 50), "step p99 ms": ms(steps, 99),
            "submit p50 ms": ms(submits, 50), "submit p99 ms": ms(submits, 99)}


def all_submitted(outcomes: list[Outcome]) -> list[Outcome]:
    statuses = Counter(o.status for o in outcomes)
    assert statuses == {"submitted": len(outcomes)}, f"the workload expects every submission to pass: {statuses}"
    assert not any(o.documents_failed for o in outcomes), "some documents could not be made"
    return outcomes


def drafts_phase(answerer: Answerer, db: Database, jobs: list[Job]) -> Figures:
    core = conversation(answerer, db.engine)
    outcomes = all_submitted([nominate(core, job) for job in jobs])
    return {**timing(outcomes), "MB per 1000 nominations": db.size() / len(jobs) * 1000 / 1e6}


def series_phase(answerer: Answerer, db: Database, unit: str, count: int) -> Figures:
    core = conversation(answerer, db.engine)
    jobs = [Job(f"submitter{i}", unit, DOT_XUAT) for i in range(count + 1)]
    outcomes = all_submitted([nominate(core, job, documents=True) for job in jobs])[1:]  # after the profile's
    taps = [t for o in outcomes for t in o.submits]
    first, last = ms(taps[:10], 99), ms(taps[-10:], 99)
    median_first, median_last = ms(taps[:10], 50), ms(taps[-10:], 50)
    return {"tap p99 1st-10th ms": first, "tap p99 last 10 ms": last, "ratio last/first": last / first,
            "tap p50 1st-10th ms": median_first, "tap p50 last 10 ms": median_last,
            "p50 ratio last/first": median_last / median_first,
            "documents p50 ms": ms([t for o in outcomes for t in o.documents], 50)}


def concurrent_phase(answerer: Answerer, db: Database, jobs: list[Job], threads: int) -> tuple[Figures, list[str]]:
    core = conversation(answerer, db.engine)
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        outcomes = list(pool.map(lambda job: nominate(core, job, documents=True), jobs))
    wall = time.perf_counter() - start
    figures = {"nominations/s": len(jobs) / wall, **timing(outcomes),
               "documents p50 ms": ms([t for o in outcomes for t in o.documents], 50)}
    return figures, check(answerer, db.engine, outcomes)


def outcomes_line(outcomes: list[Outcome]) -> str:
    """'tong_ket: 5 submitted, 3 refused submitting; dot_xuat: 80 submitted'."""
    counts = Counter((o.job.award, o.status) for o in outcomes)
    awards = sorted({award for award, _ in counts}, reverse=True)
    return "; ".join(f"{award}: " + ", ".join(f"{n} {status}" for (kind, status), n in sorted(counts.items())
                                              if kind == award) for award in awards)


def check(answerer: Answerer, engine: Engine, outcomes: list[Outcome]) -> list[str]:
    """What went wrong under concurrency: a quota exceeded, a confirmation the database does not hold (or the
    other way round), a failure, a chat that did not end. Prints what each unit got."""
    with Session(engine) as session:
        rows = session.exec(select(Nomination.id, Unit.name, Nomination.award_kind, Nomination.nominee_kind)
                            .join(Unit, Unit.id == Nomination.unit_id).where(Nomination.status == "submitted")).all()
    individuals = Counter(unit for _, unit, award, nominee in rows if award == TONG_KET and nominee == INDIVIDUAL)
    problems = [f"{unit}: {n} tổng kết individuals submitted, quota {quota(answerer, unit)}"
                for unit, n in individuals.items() if n > quota(answerer, unit)]
    confirmed = {o.nomination_id for o in outcomes if o.status == "submitted"}
    stored = {row[0] for row in rows}
    problems += [f"nomination {i} confirmed but not submitted in the database" for i in sorted(confirmed - stored)]
    problems += [f"nomination {i} submitted in the database but not confirmed" for i in sorted(stored - confirmed)]
    problems += [f"{o.job}: {o.status} at {o.last!r}" for o in outcomes if o.status in ("failed", "unfinished")]
    problems += [f"{o.job}: its documents could not be made" for o in outcomes if o.documents_failed]
    print(f"    {outcomes_line(outcomes)}; tổng kết individuals submitted/quota: "
          f"{', '.join(f'{u} {n}/{quota(answerer, u)}' for u, n in sorted(individuals.items()))}")
    return problems


# -- runs and report ------------------------------------------------------------------------------------------------
@dataclass
class Results:
    drafts: dict[str, list[Figures]] = field(default_factory=dict)
    series: dict[str, list[Figures]] = field(default_factory=dict)
    concurrent: dict[str, list[Figures]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def one_run(answerer: Answerer, args: argparse.Namespace, run: int, results: Results) -> None:
    units = pick_units(answerer, args.units)
    for key in args.db:
        name, fresh = DATABASES[key]
        with fresh() as db:
            results.drafts.setdefault(name, []).append(drafts_phase(answerer, db, drafts_jobs(answerer, units,
                                                                                              args.drafts)))
        with fresh() as db:
            results.series.setdefault(name, []).append(series_phase(answerer, db, units[0], args.series))
        print(f"  run {run}, {name}, concurrent chats:")
        with fresh() as db:
            jobs = concurrent_jobs(answerer, units, args.threads, args.concurrent)
            figures, problems = concurrent_phase(answerer, db, jobs, args.threads)
        results.concurrent.setdefault(name, []).append(figures)
        results.problems += [f"run {run}, {name}: {p}" for p in problems]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def table(title: str, by_database: dict[str, list[Figures]]) -> None:
    print(f"\n{title}")
    names = list(by_database)
    print(f"{'':<24}" + "".join(f"{name:>26}" for name in names))
    for metric in by_database[names[0]][0]:
        print(f"{metric:<24}" + "".join(f"{spread([f[metric] for f in by_database[n]]):>26}" for n in names))


def report(answerer: Answerer, args: argparse.Namespace, results: Results) -> None:
    units = pick_units(answerer, args.units)
    classes = Counter(unit_classes(answerer)[u] for u in units)
    print(f"\nmedian (min-max) over {args.runs} runs")
    table(f"1. {args.drafts} nominations in {len(units)} units ({dict(classes)}), each walked and submitted",
          results.drafts)
    table(f"2. {args.series} submissions of {units[0]}, after its first (target: ratio at most 1.5)",
          results.series)
    contended = ", ".join(contended_units(answerer, units))
    table(f"3. {args.concurrent} nominations from {args.threads} threads at once, tổng kết competing in "
          f"{contended}", results.concurrent)
    print("\nconcurrency checks: " + ("all passed" if not results.problems else "FAILED"))
    for problem in results.problems:
        print(f"  {problem}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--drafts", type=int, default=240, help="nominations of the drafts phase")
    parser.add_argument("--units", type=int, default=12, help="units of the drafts phase")
    parser.add_argument("--series", type=int, default=50, help="submissions of one unit in a row")
    parser.add_argument("--threads", type=int, default=16, help="worker threads of the concurrent phase")
    parser.add_argument("--concurrent", type=int, default=96, help="nominations of the concurrent phase")
    parser.add_argument("--db", nargs="+", choices=list(DATABASES), default=list(DATABASES))
    return parser.parse_args()


def main() -> int:
    args = arguments()
    answerer = Answerer(*load_plan(DEFAULT_PLAN))
    results = Results()
    for run in range(1, args.runs + 1):
        one_run(answerer, args, run, results)
    report(answerer, args, results)
    return 1 if results.problems else 0


if __name__ == "__main__":
    sys.exit(main())
