"""Lead and partner bodies of each movement, as facts: which movements a body leads, and which it only supports.

A body is found in a question by the longest run of words it shares with a lead or partner named in the plan
('Sở GD&ĐT' -> 'Sở Giáo dục và Đào tạo', 'Cảnh sát PCCC' -> 'Công an … (PCCC)'); a unit named by its own
name ('Quận An Phú') takes part through its kind ('UBND quận, huyện, thị xã').
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.schema import Movement

MAX_RUN = 10
_LIST = re.compile(r"[,;]\s*")
_AND = re.compile(r"\s+và\s+")
_BRACKETS = re.compile(r"\(([^)]+)\)")


def segments(bodies: str) -> list[str]:
    """'Sở Y tế, Sở Giáo dục và Đào tạo và các sở' -> the bodies, never cutting a name at its own 'và'."""
    out: list[str] = []
    for part in _LIST.split(bodies):
        pieces = _AND.split(part)
        out.append(pieces[0])
        for piece in pieces[1:]:
            if piece[:1].islower():
                out.append(piece)
            else:
                out[-1] = f"{out[-1]} và {piece}"
    return [p.strip() for p in out if p.strip()]
ROLES = ("lead", "partners")


@dataclass(frozen=True)
class Roles:
    body: str
    lead: list[Movement]
    partners: list[Movement]
    through: str | None = None  # the plan's words for the kind a named unit belongs to, when it takes part so


def named(segment: str) -> bool:
    """'Sở Y tế', 'Công an … (PCCC)' name a body; 'các sở', 'UBND quận', 'Các sở' name a kind."""
    words = segment.split()
    return words[0][:1].isupper() and any(w[:1].isupper() for w in words[1:])


class RoleBook:
    def __init__(self, movements: list[Movement], tokens: Callable[[str], list[str]],
                 rare: Callable[[str], bool]) -> None:
        """`tokens`: how text is read into words; `rare`: whether a word is rare enough in the plan to name a body."""
        self._movements = movements
        self._tokens = tokens
        self._rare = rare
        self._ngrams: dict[str, dict[tuple[int, str], str]] = {}  # a name's first words -> {(movement, role): body}
        self._kinds: dict[str, set[int]] = {}  # word -> movements with a partner kind using it ('các sở')
        self._whole: set[str] = set()  # every name, whole ('pccc'): what one word alone may name
        for i, m in enumerate(movements):
            for role in ROLES:
                for segment in segments(getattr(m, role)):
                    if named(segment):
                        self._index_name(segment, (i, role))
                    elif role == "partners":
                        for t in tokens(segment):
                            self._kinds.setdefault(t, set()).add(i)

    def _index_name(self, body: str, where: tuple[int, str]) -> None:
        """A body is named by the first words of its name, or of its name in brackets ('Ban Thi đua - Khen thưởng',
        'PCCC'), never by words from its middle ('Ủy ban nhân dân' is not 'Văn phòng UBND …')."""
        for name in [body, *_BRACKETS.findall(body)]:
            toks = self._tokens(name)
            self._whole.add(" ".join(toks))
            for b in range(1, min(MAX_RUN, len(toks)) + 1):
                self._ngrams.setdefault(" ".join(toks[:b]), {})[where] = body

    def find(self, question_tokens: list[str]) -> Roles | None:
        """The roles of the body the question names by its longest shared run of words, if any is telling."""
        best: tuple[int, str] | None = None
        for a in range(len(question_tokens)):
            for b in range(min(a + MAX_RUN, len(question_tokens)), a, -1):
                run = " ".join(question_tokens[a:b])
                if run in self._ngrams and self._telling(b - a, run):
                    if not best or b - a > best[0]:
                        best = (b - a, run)
                    break
        return self._roles(best[1]) if best else None

    def of_kind(self, name: str, kind_label: str, class_label: str) -> Roles | None:
        """A unit the plan does not name takes part through its kind, written in lower case among the partners
        ('các sở', 'UBND quận, huyện, thị xã'); never through a named body that shares the word ('Sở Y tế')."""
        found = self._kinds.get(" ".join(self._tokens(kind_label.split()[0].strip(","))), set())
        partners = [m for i, m in enumerate(self._movements) if i in found]
        return Roles(name, [], partners, through=class_label) if partners else None

    def _telling(self, length: int, run: str) -> bool:
        """Two first words of a name ('sở xây'), or a whole name of one word the plan rarely writes ('pccc'); not
        the first word of a longer name ('hiệp' of a 'Hiệp hội …', said inside 'Liên hiệp Phụ nữ')."""
        return length >= 2 or self._rare(run) and run in self._whole

    def _roles(self, run: str) -> Roles:
        found = self._ngrams[run]
        by_role = {role: [m for i, m in enumerate(self._movements) if (i, role) in found] for role in ROLES}
        body = min(found.values(), key=len)
        return Roles(body, by_role["lead"], [m for m in by_role["partners"] if m not in by_role["lead"]])
