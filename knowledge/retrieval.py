"""BM25 ranking (bm25s) of the plan's passages: each bullet or sentence with its section's title."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import bm25s
import numpy as np

from knowledge.schema import Plan

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it forces DEBUG on import

_BULLET = re.compile(r"\n+")
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ\-+“])")


@dataclass(frozen=True)
class Passage:
    section: str
    title: str | None
    text: str


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


def split_passages(plan: Plan) -> list[Passage]:
    """Bullets and sentences; each carries the titles of its section and of the sections above it."""
    titles = {s.id: s.title or "" for s in plan.sections}
    out: list[Passage] = []
    for s in plan.sections:
        parts = s.id.split(".")
        context = " ".join(titles.get(".".join(parts[:i]), "") for i in range(1, len(parts) + 1))
        for chunk in _BULLET.split(s.text):
            for sentence in _SENTENCE.split(chunk.strip()):
                if len(sentence) > 3:
                    out.append(Passage(s.id, context.strip(), sentence.strip()))
    return out


class PassageIndex:
    def __init__(self, plan: Plan, tokenize: Callable[[str], list[str]]) -> None:
        self.passages = split_passages(plan)
        self._tokenize = tokenize
        corpus = [tokenize(f"{p.title or ''} {p.text}") or ["_"] for p in self.passages]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        self.vocabulary = frozenset(t for doc in corpus for t in doc)

    def search(self, tokens: list[str], k: int = 3) -> list[Hit]:
        tokens = [t for t in tokens if t in self.vocabulary]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = np.argsort(-scores)[:k]
        return [Hit(self.passages[i], float(scores[i])) for i in order if scores[i] > 0]
