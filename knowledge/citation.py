"""The plan's section ids in words: 'V.3.1' -> 'Mục V, điểm 3.1'; '2.1.3.a' -> 'Mục 2.1.3, điểm a'."""
from __future__ import annotations


def cite(section_id: str) -> str:
    if section_id == "header":
        return "phần mở đầu"
    part, *rest = section_id.split(".")
    letter = rest.pop() if rest and rest[-1].isalpha() else None
    if part.isdigit():  # a plan numbered 1, 1.1, 1.1.1: the number is cited whole, its lettered point apart
        return f"Mục {'.'.join([part, *rest])}" + (f", điểm {letter}" if letter else "")
    words = f"Mục {part}"
    if rest:
        words += f", điểm {'.'.join(rest)}"
    if letter:
        words += f", tiết {letter}"
    return words
