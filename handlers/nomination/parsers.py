"""Typed answers read and checked: a name without abbreviations, a count, dates people type, texts long enough.

Each parser returns the value to keep or raises `Invalid` with the reason the user is told (a template key)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from knowledge.normalize import clean

from handlers.nomination.form import Form

NAME_MAX = 100
OLDEST, YOUNGEST = 100, 16  # the ages a nominee's birth date may give
_NAME_WORD = re.compile(r"^[^\W\d_]{2,}$")  # letters only, two at least: 'V.' or 'Ng' abbreviations fail
_NUMBER = re.compile(r"^\D*?(\d{1,7})\D*$")
_GLUED = re.compile(r"\d[^\W\d_]|[^\W\d_]\d")


class Invalid(ValueError):
    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def person_name(text: str) -> str:
    text = clean(text)
    if len(text) > NAME_MAX:
        raise Invalid("too_long", limit=NAME_MAX)
    words = text.split(" ")
    if len(words) < 2 or not all(_NAME_WORD.match(w) for w in words):
        raise Invalid("person_name")
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def bounded_text(low: int, high: int, reason: str, tidy: Callable[[str], str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        text = tidy(text)
        if len(text) > high:
            raise Invalid("too_long", limit=high)
        if len(text) < low or not re.search(r"[^\W\d_]", text):
            raise Invalid(reason, minimum=low)
        return text
    return parse


def _clean_keeping_lines(text: str) -> str:
    return "\n".join(line for line in (clean(part) for part in text.splitlines()) if line)


def count(text: str) -> int:
    """'25', '25 người', 'khoảng 25': one number; '2o' or '25a' (a letter glued to it) is a typo, not 2 or 25."""
    text = clean(text)
    match = _NUMBER.match(text)
    if not match or _GLUED.search(text) or not 1 <= int(match.group(1)) <= 1_000_000:
        raise Invalid("count")
    return int(match.group(1))


def _parse_date(text: str, today: dt.date) -> tuple[dt.date, str] | None:
    from dateparser.date import DateDataParser  # costs ~0.4 s of import: only the wizard needs it

    base = dt.datetime.combine(today, dt.time())
    parser = DateDataParser(languages=["vi", "en"], settings={
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": base, "REQUIRE_PARTS": ["year"]})
    data = parser.get_date_data(clean(text)[:60])
    return (data.date_obj.date(), data.period or "day") if data.date_obj else None


def birth_date(text: str, today: dt.date) -> str:
    """'15/03/1980' or, when only the year is given, '1980' (the form allows a year alone)."""
    parsed = _parse_date(text, today)
    if parsed is None:
        raise Invalid("date")
    day, period = parsed
    if not today.year - OLDEST <= day.year <= today.year - YOUNGEST or day > today:
        raise Invalid("birth_range", oldest=today.year - OLDEST, youngest=today.year - YOUNGEST)
    return str(day.year) if period == "year" else day.strftime("%d/%m/%Y")


def past_date(text: str, today: dt.date, earliest: dt.date) -> str:
    parsed = _parse_date(text, today)
    if parsed is None or parsed[1] != "day":
        raise Invalid("date")
    day = parsed[0]
    if not earliest <= day <= today:
        raise Invalid("past_date_range", earliest=earliest.strftime("%d/%m/%Y"), today=today.strftime("%d/%m/%Y"))
    return day.strftime("%d/%m/%Y")


def example(kind: str, today: dt.date, earliest: dt.date) -> str:
    """An answer the parser of `kind` accepts today, for the prompt's "ví dụ" (a date a week ago, not before
    `earliest`)."""
    if kind != "past_date":
        return ""
    day = min(today, max(earliest, today - dt.timedelta(days=7)))
    return f"{day.day}/{day.month}/{day.year}"


def text_parser(form: Form, kind: str, today: dt.date, earliest: dt.date) -> Callable[[str], Any] | None:
    """The parser of a field typed as text; None for a field answered by choosing."""
    return {
        "person_name": person_name,
        "short_text": bounded_text(form.short_text.min, form.short_text.max, "short_text", clean),
        "long_text": bounded_text(form.long_text.min, form.long_text.max, "long_text", _clean_keeping_lines),
        "count": count,
        "birth_date": lambda text: birth_date(text, today),
        "past_date": lambda text: past_date(text, today, earliest),
    }.get(kind)
