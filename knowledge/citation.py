"""The plan's section ids in words: 'V.3.1' -> 'Mục V, điểm 3.1'; '2.1.3.a' -> 'Mục 2.1.3, điểm a'."""
from __future__ import annotations

import re

POINT, ITEM = "điểm", "tiết"
_CITED = re.compile(rf"Mục [\dIVX]+(?:\.\d+)*(?:, (?:{POINT}|{ITEM}) [\w.]+)*")


def cite(section_id: str) -> str:
    if section_id == "header":
        return "phần mở đầu"
    part, *rest = section_id.split(".")
    letter = rest.pop() if rest and rest[-1].isalpha() else None
    if part.isdigit():  # a plan numbered 1, 1.1, 1.1.1: the number is cited whole, its lettered point apart
        return f"Mục {'.'.join([part, *rest])}" + (f", {POINT} {letter}" if letter else "")
    words = f"Mục {part}"
    if rest:
        words += f", {POINT} {'.'.join(rest)}"
    if letter:
        words += f", {ITEM} {letter}"
    return words


def uncited(text: str, label: str) -> str:
    """The text without the sections it cites and the plan it cites them of (`label`): 'Mục 2.4, điểm b' counts no
    'điểm' and answers no 'mục mấy'; a plan named for '… 50 năm Ngày …' counts no days."""
    return _CITED.sub(" ", text).replace(f"của {label}.", " ")
