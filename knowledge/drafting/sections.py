"""Clean lines to the plan's section tree, in its own numbering (I., 1., 1.1., a)), titles apart from text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.drafting import DraftError, cues

ROMAN = re.compile(r"^(?:Phần\s+|PHẦN\s+)?([IVXL]+)(?:\.|\s*[-–:])\s+(.+)$")
ARABIC = re.compile(r"^(?:Mục\s+)?(\d+(?:\.\d+)*)[.)]\s+(.+)$")
LETTER = re.compile(r"^([a-zđ])\)\s+(.+)$")
LETTERS = "abcdđeghiklmnopqrstuvxy"  # the Vietnamese alphabet's order, as points a), b) … are lettered
ITEM = re.compile(r"^[-+•]\s*\S")
STARTS_NEW = re.compile(r"^[\"“(\dA-ZÀ-Ỹ]|^[-+•]\s*[\"“(\dA-ZÀ-Ỹ]")
ENDS_SENTENCE = (".", ";", ":", "!", "?", "…")
ENDS_PARAGRAPH = (".", ":", "!", "?", "…")  # a long line ending in ';' goes on: a list item broken by the page
TITLE_WORDS = 14  # "Title: text" on one line: a title is at most this many words


@dataclass
class Section:
    id: str
    lines: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    text: str = ""


@dataclass
class Body:
    header: list[str]
    sections: list[Section]


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(text, text[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


class _Numbering:
    """Which heading may come next: a first child, or the next sibling of the current item or of an ancestor."""

    def __init__(self, roman: bool) -> None:
        self.roman = roman
        self.part = 0
        self.path: tuple[int, ...] = ()
        self.letter = -1

    def heading(self, line: str) -> tuple[str, str] | None:
        """(section id, rest of the line) when `line` opens the next section, else None."""
        if self.roman and (m := ROMAN.match(line)) and _roman(m.group(1)) == self.part + 1:
            self.part, self.path, self.letter = self.part + 1, (), -1
            return m.group(1), m.group(2)
        if (self.part or not self.roman) and (m := ARABIC.match(line)):
            number = tuple(int(n) for n in m.group(1).split("."))
            if number in self._next_numbers():
                self.path, self.letter = number, -1
                return self._id(), m.group(2)
        if self.path and (m := LETTER.match(line)) and LETTERS.index(m.group(1)) == self.letter + 1:
            self.letter += 1
            return f"{self._id()}.{m.group(1)}", m.group(2)
        return None

    def _next_numbers(self) -> set[tuple[int, ...]]:
        p = self.path
        return {p + (1,)} | {p[:k] + (p[k] + 1,) for k in range(len(p))}

    def _id(self) -> str:
        parts = ([_roman_text(self.part)] if self.roman else []) + [str(n) for n in self.path]
        return ".".join(parts)


def _roman_text(n: int) -> str:
    out = ""
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _paragraphs(lines: list[str], short: int) -> list[str]:
    """Lines joined where the PDF broke them: a new paragraph starts at a list item or after a finished line."""
    out: list[str] = []
    for i, line in enumerate(lines):
        prev = out[-1] if out else None
        ends = ENDS_PARAGRAPH + (")",) if i == 1 else ENDS_PARAGRAPH  # a heading's line closing a bracket ends it
        new = prev is None or (ITEM.match(line) and STARTS_NEW.match(line)) or (
            STARTS_NEW.match(line) and not ITEM.match(line) and (prev.endswith(ends) or len(prev) < short))
        if new:
            out.append(line)
        else:
            out[-1] = f"{prev} {line}"
    return out


def _title_and_text(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    first, rest = paragraphs[0], paragraphs[1:]
    head, colon, tail = first.partition(":")
    if colon and len(head.split()) <= TITLE_WORDS and ";" not in head and not re.search(r"\.\s", head):
        return head.strip(), ([tail.strip()] if tail.strip() else []) + rest
    if not first.endswith(ENDS_SENTENCE) or first.endswith(":"):
        return first.rstrip(":").strip(), rest
    return None, paragraphs


def _first_heading(lines: list[str]) -> tuple[int, bool]:
    """Where the body starts and whether its parts are Roman."""
    for i, line in enumerate(lines):
        if ROMAN.match(line) and _roman(ROMAN.match(line).group(1)) == 1:
            return i, True
        if (m := ARABIC.match(line)) and m.group(1) == "1":
            return i, False
    raise DraftError("no numbered sections (I., 1.) found: not a plan")


def split(lines: list[str]) -> Body:
    """The header's lines (before the first part, and from the recipients on) and the sections."""
    start, roman = _first_heading(lines)
    end = next((i for i in range(len(lines) - 1, start, -1) if lines[i].startswith(cues()["recipients"])), len(lines))
    numbering, sections = _Numbering(roman), []
    for line in lines[start:end]:
        found = numbering.heading(line)
        if found:
            sections.append(Section(found[0], [found[1]]))
        else:
            sections[-1].lines.append(line)
    widths = sorted(len(line) for line in lines[start:end])
    short = int(widths[int(len(widths) * 0.9)] * 0.75)
    for s in sections:
        s.paragraphs = _paragraphs(s.lines, short)
    _move_up(sections)
    for s in sections:
        s.title, texts = _title_and_text(s.paragraphs)
        s.text = "\n".join(texts)
    return Body(lines[:start] + lines[end:], sections)


def _parent(sections: list[Section], child: Section) -> Section:
    parent_id = child.id.rsplit(".", 1)[0] if "." in child.id else child.id
    return next(s for s in sections if s.id == parent_id)


def _move_up(sections: list[Section]) -> None:
    """A note after a point's list belongs to the section above; the closing paragraph, to its part."""
    for s in sections:
        paragraphs = s.paragraphs
        for i, p in enumerate(paragraphs[1:], 1):
            bare = p.lstrip("-•").strip()
            if "." in s.id and bare.startswith(tuple(cues()["notes"])):
                _parent(sections, s).paragraphs += [bare, *paragraphs[i + 1:]]
                del paragraphs[i:]
                break
            if cues()["closing_mark"] in p and not ITEM.match(p):
                part = next(x for x in sections if x.id == s.id.split(".")[0])
                part.paragraphs += paragraphs[i:]
                del paragraphs[i:]
                break
