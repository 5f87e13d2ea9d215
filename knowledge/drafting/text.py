"""Small text helpers shared by the fact readers: clauses, the sentence around a match, ASCII slugs."""
from __future__ import annotations

import re
import unicodedata

CLAUSE_END = re.compile(r"(?<=[;.])\s+|\n")


def clauses(text: str) -> list[str]:
    """The text's clauses: split at line breaks and after ';' and '.'."""
    return [c.strip() for c in CLAUSE_END.split(text) if c.strip()]


def sentence_around(text: str, start: int, end: int) -> str:
    """The line of `text` holding the span, as the `source` of a fact read from it."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left:right if right >= 0 else len(text)].strip()


def slug(text: str, words: int = 5, sep: str = "-") -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return sep.join(re.findall(r"[a-z0-9]+", ascii_text)[:words])


def normalised(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
