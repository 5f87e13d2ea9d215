"""The matching rule of shared/tools/grade_qa.py, for scoring the development set inside the suite."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


def norm(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    s = re.sub(r"\b0+(\d)", r"\1", s)
    s = re.sub(r"[\u2013\u2014]", "-", s)
    return re.sub(r"\s+", " ", s)


@dataclass(frozen=True)
class Case:
    id: str
    q: str
    must: list[list[str]]
    section: str | None
    oos: bool
    today: str | None


def load_cases(*paths: Path) -> list[Case]:
    return [Case(**json.loads(line)) for p in paths for line in p.read_text("utf-8").splitlines() if line.strip()]


def passes(case: Case, text: str, found: bool) -> bool:
    if case.oos:
        return not found
    answer = norm(text)
    return found and len(text) <= 1500 and all(any(norm(a) in answer for a in group) for group in case.must)
