"""BM25 ranking of the plan's passages: each bullet or sentence with its section's title.

Lucene's BM25 (k1 1.5, b 0.75), as bm25s computes it, over a few hundred passages: a term's weight in each passage is
worked out once, at load, so that a question sums a few postings; small enough for plain Python, with no array
library to import at start.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.schema import Plan

K1, B = 1.5, 0.75

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
        self.vocabulary = frozenset(t for doc in corpus for t in doc)
        self._postings = _postings(corpus)

    def search(self, tokens: list[str], k: int = 3) -> list[Hit]:
        """The k passages of highest score, the earlier first on a tie; a word said twice counts twice."""
        scores: Counter[int] = Counter()
        for token in tokens:
            for i, weight in self._postings.get(token, ()):
                scores[i] += weight
        best = heapq.nsmallest(k, scores, key=lambda i: (-scores[i], i))
        return [Hit(self.passages[i], scores[i]) for i in best if scores[i] > 0]


def _postings(corpus: list[list[str]]) -> dict[str, list[tuple[int, float]]]:
    """Each term, with each passage it is in and its weight there: idf × tf / (tf + k1 × (1 − b + b × len / avg))."""
    n = len(corpus)
    average = sum(map(len, corpus)) / max(n, 1)
    df = Counter(t for doc in corpus for t in set(doc))
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, doc in enumerate(corpus):
        norm = K1 * (1 - B + B * len(doc) / average)
        for term, tf in Counter(doc).items():
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            postings.setdefault(term, []).append((i, idf * tf / (tf + norm)))
    return postings
