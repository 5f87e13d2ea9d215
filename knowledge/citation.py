"""The plan's section ids in words: 'III.4.2' -> 'Mục III, điểm 4.2'."""
from __future__ import annotations


def cite(section_id: str) -> str:
    if section_id == "header":
        return "phần mở đầu"
    part, *rest = section_id.split(".")
    letter = rest.pop() if rest and rest[-1].isalpha() else None
    words = f"Mục {part}"
    if rest:
        words += f", điểm {'.'.join(rest)}"
    if letter:
        words += f", tiết {letter}"
    return words
