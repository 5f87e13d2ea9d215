"""A typed answer to offered choices: '2', 'hạn chót' and 'Hạn chót' all pick the same choice."""
from __future__ import annotations

from knowledge.normalize import fold

from handlers.events import Choice


def pick(text: str, offered: list[Choice]) -> Choice | None:
    typed = fold(text).strip(" .")
    if typed.isdigit() and 1 <= int(typed) <= len(offered):
        return offered[int(typed) - 1]
    return next((c for c in offered if fold(c.label) == typed), None)
