"""Resolve a unit named in free text ('Sở Y tế', 'so y te', 'các xã') to its unit, kind and quota class."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import re

from knowledge.lexicon import phrase
from knowledge.normalize import fold, has_diacritics, tone_key
from knowledge.schema import Plan, UnitClass, UnitDirectory


@dataclass(frozen=True)
class UnitMatch:
    name: str | None  # None when only the kind is known ("các quận", "sở X" not in the directory)
    kind_label: str
    unit_class: UnitClass


class UnitResolver:
    def __init__(self, plan: Plan, units: UnitDirectory, folded_as: Callable[[str], str] = phrase) -> None:
        """`folded_as`: how a question's words are folded, shorthand expanded ('tb&xh' -> 'tb xa hoi'); names are
        matched in that form too."""
        class_of_kind = {k: c for c in plan.unit_classes for k in c.kinds}
        labels = {k.id: k.label for k in units.kinds}
        self._full_names = [u.name for u in units.units]
        self._names: list[tuple[str, UnitMatch]] = []
        for u in units.units:
            match = UnitMatch(u.name, labels[u.kind], class_of_kind[u.kind])
            for alias in [u.name, *u.aliases, *self._bare_names(u.name, units)]:
                self._names += [(folded, match) for folded in {phrase(alias), folded_as(alias)}]
        self._prefixes = [(phrase(p), UnitMatch(None, labels[k.id], class_of_kind[k.id]))
                          for k in units.kinds if k.id in class_of_kind for p in k.prefixes]
        self._names.sort(key=lambda item: -len(item[0]))
        self._prefixes.sort(key=lambda item: -len(item[0]))
        self._written: dict[str, set[str]] = {}  # each word that starts a unit's name or names its kind, folded
        firsts = [n.split()[0] for u in units.units for n in [u.name, *u.aliases] if n.strip()]
        for word in " ".join([*firsts, *(p for k in units.kinds for p in k.prefixes)]).split():
            self._written.setdefault(fold(word), set()).add(tone_key(word))
        self._beside = self._neighbours(" ".join(f"{s.title or ''} {s.text}" for s in plan.sections))

    def _neighbours(self, plan_text: str) -> Counter[tuple[str, str, bool]]:
        """How often the plan writes each folded pair in which one word folds like a unit's first word, and whether
        that word is the unit's (True: 'các sở') or another ('tổng số')."""
        words = re.findall(r"\w+", plan_text.lower())
        folds = {w: fold(w) for w in set(words)}
        folded = [folds[w] for w in words]
        pairs: Counter[tuple[str, str, bool]] = Counter()
        for i in range(len(words) - 1):
            pair = (folded[i], folded[i + 1])
            for j in (i, i + 1):
                keys = self._written.get(folded[j])
                if keys:
                    pairs[(*pair, tone_key(words[j]) in keys)] += 1
        return pairs

    def other_words(self, text: str) -> str:
        """The text with each word that folds like a word starting a unit's name but is another word blanked: it
        names no unit. Accented, it is written otherwise ('số' for 'sở', 'bản' for 'Ban'); unaccented, the plan
        writes it as the other word beside the same neighbour more often ('tong so' is 'tổng số'; 'xa' stays)."""
        words = re.findall(r"\w+", text)
        other = set()
        for i, word in enumerate(words):
            keys = self._written.get(fold(word))
            if not keys:
                continue
            if has_diacritics(word):
                if tone_key(word) not in keys:
                    other.add(i)
                continue
            pairs = [p for p in [(fold(words[i - 1]), fold(word)) if i else None,
                                 (fold(word), fold(words[i + 1])) if i + 1 < len(words) else None] if p]
            if sum(self._beside[(*p, False)] - self._beside[(*p, True)] for p in pairs) > 0:
                other.add(i)
        spans = iter(range(len(words)))
        return re.sub(r"\w+", lambda m: "_" if next(spans) in other else m.group(), text)

    @staticmethod
    def _bare_names(name: str, units: UnitDirectory) -> list[str]:
        """A unit of a kind whose names are safe to shorten ('Quận An Phú') is also written without its prefix."""
        for kind in units.kinds:
            for prefix in kind.prefixes:
                if kind.bare_names and phrase(name).startswith(phrase(prefix) + " "):
                    return [name[len(prefix):].strip()]
        return []

    def full_names(self) -> list[str]:
        return list(self._full_names)

    def find(self, folded: str) -> UnitMatch | None:
        """The most specific unit named in a folded, space-padded question."""
        hits = [(folded.find(f" {p} "), -len(p), m) for p, m in self._names if f" {p} " in folded]
        if hits:
            return min(hits, key=lambda h: (h[0], h[1]))[2]
        hits = [(folded.find(f" {p} "), -len(p), m) for p, m in self._prefixes if f" {p} " in folded]
        return min(hits, key=lambda h: (h[0], h[1]))[2] if hits else None

    def classes_named(self, folded: str) -> frozenset[str]:
        return frozenset(m.unit_class.id for p, m in [*self._names, *self._prefixes] if f" {p} " in folded)
