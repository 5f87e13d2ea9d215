"""One-letter slips in questions the bot answers right: how many are then refused or answered wrongly.

For each in-scope question of a plan's sets (tests/data/plans/<plan>/qa_*.jsonl) that is answered right, one word of
four letters or more, not a stopword, gets one slip (a letter dropped, two swapped, or one changed; a fixed seed),
and the question is asked again. Prints the counts and the refused ones.

    .venv/bin/python scripts/typo_trial.py [PLAN_ID ...]
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.answer import Answerer  # noqa: E402
from knowledge.loader import available_plans, load_plan  # noqa: E402
from tests.qa_grading import Case, load_cases, passes  # noqa: E402

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"


def slip(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "change"])
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "swap":
        return word[:at - 1] + word[at] + word[at - 1] + word[at + 1:]
    return word[:at] + rng.choice("aeiouhnt") + word[at + 1:]


def trial(answerer: Answerer, cases: list[Case], rng: random.Random) -> tuple[int, list[str], int]:
    tried, refused, wrong = 0, [], 0
    for case in cases:
        today = dt.date.fromisoformat(case.today) if case.today else dt.date.today()
        first = answerer.answer(case.q, today)
        words = case.q.split()
        spots = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()
                 and w.lower() not in answerer.lexicon.stopwords]
        if case.oos or not passes(case, first.text, first.found) or not spots:
            continue
        at = rng.choice(spots)
        typed = " ".join([*words[:at], slip(words[at], rng), *words[at + 1:]])
        again = answerer.answer(typed, today)
        tried += 1
        if not again.found:
            refused.append(f"{case.id}: {typed}")
        elif not passes(case, again.text, again.found):
            wrong += 1
    return tried, refused, wrong


def main(plan_ids: list[str]) -> None:
    for plan_id in plan_ids or available_plans():
        cases = load_cases(*sorted((SETS / plan_id).glob("qa_*.jsonl")))
        tried, refused, wrong = trial(Answerer(*load_plan(plan_id)), cases, random.Random(7))
        print(f"{plan_id}: {tried} questions with one slip; refused {len(refused)} ({len(refused) / tried:.1%}), "
              f"answered wrongly {wrong} ({wrong / tried:.1%})")
        for line in refused:
            print(f"  refused {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
