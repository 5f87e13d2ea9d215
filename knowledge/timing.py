"""A question that asks when something happens ('hạn nộp bài khi nào', 'hội nghị tổng kết tổ chức ngày nào') is
answered only by a date of that thing: the answer writes a day or a month that is not a cited document's own date,
and an event the question names (a conference, a contest) is one the answer names too."""
from __future__ import annotations

import datetime as dt
import re

from knowledge.lexicon import Lexicon
from knowledge.query import Query

# '22/3/2023', '02/2024', 'tháng 10', 'quý II', 'ngày 10': a day or a month, as an answer dates a thing
_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,4}|\btháng \d|\bquý [IVX\d]|\bngày \d", re.IGNORECASE)
# 'Kế hoạch số 99/KH-UBND ngày 22/3/2023': the date a cited document was signed, which dates nothing else
_SIGNED = re.compile(r"\d+/[\w\-/]*[A-ZĐ][\w\-/]*,? (?:ngày )?\d{1,2}/\d{1,2}/\d{4}")


class WhenCheck:
    def __init__(self, lexicon: Lexicon, commemorated: list[dt.date]) -> None:
        """`commemorated`: the days a plan's anniversary spans ('01/5/1975 - 01/5/2025'), which date no task."""
        self.asked = lexicon.when_asked
        self.events = lexicon.events
        days = "|".join(rf"0?{d.day}/0?{d.month}/{d.year}" for d in commemorated)
        self._commemorated = re.compile(rf"(?<![\d/])(?:{days})(?![\d/])") if days else None

    def asks(self, q: Query) -> bool:
        """Whether the question asks when."""
        return q.has(*self.asked)

    def holds(self, q: Query, tokens: list[str]) -> bool:
        """Whether an answer (its folded `tokens`) names the event a 'when' question asks of."""
        if not self.asks(q):
            return True
        said = f" {' '.join(tokens)} "
        return all(self._named(event, q.padded, said) for event in self.events if f" {event} " in q.padded)

    def dated(self, q: Query, text: str) -> bool:
        """Whether a quoted passage dates anything for a 'when' question: a day or a month, not only the date a
        cited document was signed (unless the question asks of that document)."""
        if not self.asks(q):
            return True
        text = self._commemorated.sub(" ", text) if self._commemorated else text
        return bool(_DATE.search(text if q.documents else _SIGNED.sub(" ", text)))

    @staticmethod
    def _named(event: str, asked: str, said: str) -> bool:
        """The answer names the event ('hội nghị') or the words that say which one it is ('tổng kết')."""
        which = " ".join(asked.split(f" {event} ", 1)[1].split()[:2])
        return f" {event} " in said or bool(which) and f" {which} " in said
