"""User text made safe for a document, and the wording of dates and counts in Decree 30/2020's style."""
from __future__ import annotations

import datetime as dt
import re

from knowledge.dates import vn_date
from knowledge.normalize import clean, fold

BLANK = "……………"
BLANK_DATE = "ngày …… tháng …… năm ……"
SUMMARY = 300  # characters of an act quoted in a Tờ trình
HEADER_CHARS = 26  # upper-case letters of 13 pt bold on one line of the header's 68 mm column
ADMIN_LEVELS = ("THÀNH PHỐ", "TỈNH", "QUẬN", "HUYỆN", "THỊ XÃ", "PHƯỜNG", "XÃ", "THỊ TRẤN")  # national vocabulary


def text(value: object | None, blank: str = BLANK) -> str:
    """One line of user text: NFC, control characters and runs of spaces removed; `blank` (dots to fill by hand)
    when there is nothing. XML escaping is docxtpl's (autoescape), so '&', '<' and '{{' stay as typed."""
    cleaned = clean(str(value)) if value is not None else ""
    return cleaned or blank


def paragraphs(value: str | None) -> list[str]:
    """Multi-line user text as one entry per non-empty line, each cleaned; [] when empty."""
    lines = [clean(line) for line in (value or "").splitlines()]
    return [line for line in lines if line]


def long_date(day: dt.date | None) -> str:
    """'ngày 05 tháng 01 năm 2024', 'ngày 15 tháng 3 năm 2024': a leading zero for days below 10 and for months
    1 and 2 (Decree 30/2020, Phụ lục I)."""
    if day is None:
        return BLANK_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: dt.date | None) -> str:
    return f"{place}, {long_date(day)}"


def short_date(day: dt.date | None) -> str:
    """'05/01/2024', or dots for the clerk."""
    return vn_date(day) if day else "……/……/……"


def birth_year(value: str | None) -> str:
    """The year of a birth date as typed ('15/03/1980', '1980'): the Danh sách's 'Năm sinh' column."""
    years = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", value or "")
    return years[-1] if years else text(value, blank="")


def summary(value: str | None, limit: int = SUMMARY) -> str:
    """The text's first sentences that fit in `limit` characters (the first one cut at a word when it alone is too
    long): an achievement told in a line or two."""
    flat = text(" ".join((value or "").split()), blank="")
    kept = ""
    for sentence in re.split(r"(?<=[.!?;])\s", flat):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept.rstrip(" ,;:.")
    return flat[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…" if flat else ""


def count(n: int) -> str:
    """Counts below ten with a leading zero, as the plan writes them ('02 tập thể')."""
    return f"{n:02d}"


def upper(value: str) -> str:
    return text(value).upper()


def header(value: str) -> str:
    """A body's name for the header, upper case: one line when it fits the column; a name of two lines broken before
    its administrative level ('ỦY BAN NHÂN DÂN' / 'QUẬN AN PHÚ'), as the custom is; a longer one as it wraps."""
    name = upper(value)
    if len(name) <= HEADER_CHARS or len(name) > 2 * HEADER_CHARS:
        return name
    breaks = [i for level in ADMIN_LEVELS if (i := name.find(f" {level} ")) > 0 and len(name) - i <= HEADER_CHARS]
    cut = min(breaks) if breaks else name.rfind(" ", 0, HEADER_CHARS + 1)
    return f"{name[:cut]}\n{name[cut + 1:]}" if cut > 0 else name


def lower_first(value: str) -> str:
    """'Phong trào thi đua …' inside a sentence: 'phong trào thi đua …' (acronyms such as 'UBND' kept)."""
    first = value.split(" ", 1)[0]
    return value if first.isupper() and len(first) > 1 else value[:1].lower() + value[1:]


def slug(value: str, limit: int = 40) -> str:
    """ASCII file-name part: 'Nguyễn Văn Á' -> 'nguyen-van-a'."""
    ascii_only = re.sub(r"[^a-z0-9]+", "-", fold(clean(value))).strip("-")
    return ascii_only[:limit].rstrip("-") or "x"
