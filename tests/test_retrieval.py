"""Passage ranking: Lucene's BM25 weights, worked out at load."""
from __future__ import annotations

import pytest

from knowledge.answer import Answerer
from knowledge.normalize import fold
from knowledge.retrieval import _postings


def test_weights_are_lucene_bm25() -> None:
    # 3 passages, 2 words long on average; 'b' and 'c' in one passage each, 'a' in all three
    weights = _postings([["a", "b"], ["a"], ["c", "c", "a"]])
    assert dict(weights["b"]) == {0: pytest.approx(0.39233, abs=1e-5)}   # idf ln(1 + 2.5/1.5), tf 1, length 2
    assert dict(weights["c"]) == {2: pytest.approx(0.48287, abs=1e-5)}   # tf 2, length 3
    assert dict(weights["a"])[1] == pytest.approx(0.06892, abs=1e-5)      # idf ln(1 + 0.5/3.5), length 1
    assert dict(weights["a"])[1] > dict(weights["a"])[2]                  # a shorter passage weighs a word more


def test_search_ranks_the_rare_word_first_and_counts_a_repeated_word_twice(answerer: Answerer) -> None:
    index = answerer.index
    once = index.search(["phuong", "tap"], k=1)[0]
    twice = index.search(["phuong", "tap", "phuong"], k=1)[0]
    assert "phuong" in fold(f"{once.passage.title} {once.passage.text}")
    assert twice.passage == once.passage and twice.score > once.score
    scores = [h.score for h in index.search(["tap", "bang"], k=5)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 5
