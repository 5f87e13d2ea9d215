"""Draft each plan with a text and a hand-encoded gold file, and print how close the draft comes to the gold.

    .venv/bin/python scripts/compare_draft.py [SOURCE GOLD_ID]...
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.drafting.compare import compare  # noqa: E402  (after the path: the checkout, not an installed copy)
from knowledge.drafting.plan import write_draft  # noqa: E402
from knowledge.loader import PLANS_DIR, load_plan  # noqa: E402

PAIRS = [(ROOT.parent / "shared/plan/ke-hoach-thi-dua-70-nam-giai-phong-thu-do-2024.txt",
          "hanoi-2024-70-nam-giai-phong-thu-do"),
         (PLANS_DIR / "sources/ninh-binh-2027-doan-ket-doi-moi-phat-trien.txt",
          "ninh-binh-2027-doan-ket-doi-moi-phat-trien")]


def main(argv: list[str]) -> int:
    pairs = [(Path(a), b) for a, b in zip(argv[::2], argv[1::2])] or PAIRS
    with tempfile.TemporaryDirectory() as out:
        for source, gold_id in pairs:
            write_draft(source, "draft", Path(out))
            figures = compare(load_plan("draft", Path(out))[0], load_plan(gold_id)[0])
            print(f"{gold_id} (from {source.name})")
            print("\n".join(f"  {line}" for line in figures.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
