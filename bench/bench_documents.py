"""Nomination documents: a 30-nominee unit dossier rendered to DOCX, and to PDF when LibreOffice is installed.

Target (issue #7): the 30-nominee dossier's DOCX in under 2 s on this machine.
Run: make bench   (or .venv/bin/python bench/bench_documents.py [--size N] [--runs N]); the PDF run is one run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the workload is written for
from documents import dossier, write_files  # noqa: E402
from documents.pdf import office  # noqa: E402
from knowledge.loader import load_plan  # noqa: E402
from tests.documents_data import TODAY, large_dossier  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30, help="nominations in the dossier")
    parser.add_argument("--runs", type=int, default=7, help="timed DOCX runs (the median is reported)")
    args = parser.parse_args()
    plan, _ = load_plan(DEFAULT_PLAN)
    unit = large_dossier(args.size)
    files = dossier(plan, unit, TODAY)  # warm up: templates read, imports done
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        dossier(plan, unit, TODAY)
        times.append(time.perf_counter() - t)
    median = statistics.median(times)
    print(f"dossier of {args.size} nominations: {len(files)} DOCX files, "
          f"{sum(map(len, files.values())) / 1e3:.0f} kB")
    print(f"DOCX: median {median:.3f} s over {args.runs} runs (min {min(times):.3f} s, max {max(times):.3f} s), "
          f"{len(files) / median:.0f} documents/s (target < 2 s)")
    if office() is None:
        print("PDF: skipped, LibreOffice (soffice) is not installed")
        return
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        written = write_files(dossier(plan, unit, TODAY), Path(out), pdf=True)
        elapsed = time.perf_counter() - t
    pdfs = sum(1 for p in written if p.suffix == ".pdf")
    print(f"DOCX + PDF (one LibreOffice run): {elapsed:.1f} s for {pdfs} PDFs, {pdfs / elapsed:.1f} documents/s")


if __name__ == "__main__":
    main()
