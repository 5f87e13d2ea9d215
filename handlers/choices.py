"""A typed answer to offered choices: '2', 'hạn chót' and 'Hạn chót' all pick the same choice; where a step asks
for it, a unique part of a label picks it too ('tổng kết' for 'Khen thưởng tổng kết …')."""
from __future__ import annotations

from collections.abc import Callable

from knowledge.normalize import fold, raw_tokens

from handlers.events import Choice

Words = Callable[[str], list[str]]  # a text's folded words, shorthand read ('ko' -> 'khong')


def pick(text: str, offered: list[Choice], numbers: bool = True, words: Words = raw_tokens) -> Choice | None:
    """The choice whose number (when `numbers`) or whole label was typed."""
    typed = fold(text).strip(" .")
    if numbers and typed.isdigit() and 1 <= int(typed) <= len(offered):
        return offered[int(typed) - 1]
    said = words(text)
    return next((c for c in offered if said and words(c.label) == said), None)


def matching(text: str, offered: list[Choice], words: Words = raw_tokens) -> list[Choice]:
    """The choices whose label holds the typed words, in order and as whole words ('ca nhan' in 'Cá nhân')."""
    said = words(text)
    if sum(len(w) for w in said) < 2:
        return []
    return [c for c in offered if _holds(words(c.label), said)]


def _holds(label: list[str], words: list[str]) -> bool:
    return any(label[i:i + len(words)] == words for i in range(len(label) - len(words) + 1))
