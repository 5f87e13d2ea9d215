"""User text made safe for a document, and the wording of dates and counts in Decree 30/2020's style."""
from __future__ import annotations

import datetime as dt
import re

from knowledge.normalize import clean, fold

BLANK = "……………"
BLANK_DATE = "ngày …… tháng …… năm ……"


def text(value: object | None, blank: str = BLANK) -> str:
    """One line of user text: NFC, control characters and runs of spaces removed; `blank` (dots to fill by hand)
    when there is nothing. XML escaping is docxtpl's (autoescape), so '&', '<' and '{{' stay as typed."""
    cleaned = clean(str(value)) if value is not None else ""
    return cleaned or blank


def paragraphs(value: str | None) -> list[str]:
    """Multi-line user text as one entry per non-empty line, each cleaned; dots when empty."""
    lines = [clean(line) for line in (value or "").splitlines()]
    return [line for line in lines if line] or [BLANK]


def long_date(day: dt.date | None) -> str:
    """'ngày 05 tháng 01 năm 2024', 'ngày 15 tháng 3 năm 2024': a leading zero for days below 10 and for months
    1 and 2 (Decree 30/2020, Phụ lục I)."""
    if day is None:
        return BLANK_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: dt.date | None) -> str:
    return f"{place}, {long_date(day)}"


def short_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def count(n: int) -> str:
    """Counts below ten with a leading zero, as the plan writes them ('02 tập thể')."""
    return f"{n:02d}"


def upper(value: str) -> str:
    return text(value).upper()


def lower_first(value: str) -> str:
    """'Phong trào thi đua …' inside a sentence: 'phong trào thi đua …' (acronyms such as 'UBND' kept)."""
    first = value.split(" ", 1)[0]
    return value if first.isupper() and len(first) > 1 else value[:1].lower() + value[1:]


def slug(value: str, limit: int = 40) -> str:
    """ASCII file-name part: 'Nguyễn Văn Á' -> 'nguyen-van-a'."""
    ascii_only = re.sub(r"[^a-z0-9]+", "-", fold(clean(value))).strip("-")
    return ascii_only[:limit].rstrip("-") or "x"
