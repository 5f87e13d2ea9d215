"""Q&A speed and memory: in-process latency over the development set, `ask` start-up, knowledge base memory.

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
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402

ROUNDS = 20
STARTS = 7


def questions() -> list[str]:
    files = sorted((ROOT / "tests" / "data" / "plans" / DEFAULT_PLAN).glob("qa_dev_*.jsonl"))
    return [json.loads(line)["q"] for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    tracemalloc.start()
    t0 = time.perf_counter()
    answerer = Answerer(*load_plan(DEFAULT_PLAN))
    load_ms = (time.perf_counter() - t0) * 1000
    _, peak = tracemalloc.get_traced_memory()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()

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
    print(f"knowledge base load: {load_ms:.0f} ms; memory held {current / 1e6:.1f} MB (peak {peak / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
