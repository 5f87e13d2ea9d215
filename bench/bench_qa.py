"""Q&A speed and memory: in-process latency over the development set, `ask` start-up, knowledge base load.

Each is measured on its own: the load's time with nothing tracing (the first, in a fresh process, then the median
of LOADS more), the knowledge base's memory as the growth of a fresh process's resident memory over the first load
(and, apart, tracemalloc's count of what Python allocated for it), the answers' latency after warm-up, and `ask`
from process start to its first answer.
Targets (issue #2): p50 < 2 ms, p99 < 10 ms in process; `ask` start-up to first answer < 1 s.
Run: make bench   (or .venv/bin/python bench/bench_qa.py)
"""
from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402

ROUNDS = 20
STARTS = 7
LOADS = 5
MEMORY_PROBE = f"""
import os, sys, time, tracemalloc
sys.path.insert(0, {str(ROOT)!r})
from knowledge.answer import Answerer
from knowledge.loader import load_plan
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
before, start = rss(), time.perf_counter()
answerer = Answerer(*load_plan({DEFAULT_PLAN!r}))
first, grown = time.perf_counter() - start, rss() - before
tracemalloc.start()
again = Answerer(*load_plan({DEFAULT_PLAN!r}))
print(grown, tracemalloc.get_traced_memory()[0], first * 1000)
"""


def questions() -> list[str]:
    files = sorted((ROOT / "tests" / "data" / "plans" / DEFAULT_PLAN).glob("qa_dev_*.jsonl"))
    return [json.loads(line)["q"] for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load_times() -> list[float]:
    laps = []
    for _ in range(LOADS):
        start = time.perf_counter()
        Answerer(*load_plan(DEFAULT_PLAN))
        laps.append((time.perf_counter() - start) * 1000)
    return laps


def first_load() -> tuple[int, int, float]:
    """In a fresh process: the resident memory the first load adds (the modules are imported before it), the bytes
    tracemalloc counts for a second load traced on its own, and the first load's time."""
    probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, check=True)
    rss, traced, ms = probe.stdout.split()
    return int(rss), int(traced), float(ms)


def main() -> None:
    loads = load_times()
    rss, traced, first_ms = first_load()
    answerer = Answerer(*load_plan(DEFAULT_PLAN))

    qs = questions()
    today = dt.date(2026, 11, 25)
    for q in qs:  # warm up
        answerer.answer(q, today)
    latencies = []
    for _ in range(ROUNDS):
        for q in qs:
            t = time.perf_counter()
            answerer.answer(q, today)
            latencies.append((time.perf_counter() - t) * 1000)

    starts = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(STARTS):
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--json", "-"], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        proc.stdin.write("hạn nộp hồ sơ khen thưởng là ngày nào?\n")
        proc.stdin.flush()
        proc.stdout.readline()
        starts.append((time.perf_counter() - t) * 1000)
        proc.stdin.close()
        proc.wait()

    print(f"questions: {len(qs)} x {ROUNDS} rounds")
    print(f"answer latency in process: p50 {statistics.median(latencies):.3f} ms, "
          f"p99 {percentile(latencies, 99):.3f} ms, max {max(latencies):.3f} ms (targets: p50 < 2, p99 < 10)")
    print(f"ask start-up to first answer: median {statistics.median(starts):.0f} ms over {STARTS} runs, "
          f"min {min(starts):.0f} ms (target < 1000)")
    print(f"knowledge base load: first in a fresh process {first_ms:.0f} ms, "
          f"then median {statistics.median(loads):.0f} ms over {LOADS} loads (min {min(loads):.0f}, "
          f"max {max(loads):.0f}); resident memory grown by the first load {rss / 1e6:.1f} MB "
          f"(Python objects held, by tracemalloc: {traced / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
