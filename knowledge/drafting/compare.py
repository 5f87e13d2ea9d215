"""How close a draft comes to a hand-encoded plan: sections, deadlines, quotas, movements, duties, dossier items,
the award and signer's title, and each deadline's act and actor."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from knowledge.drafting.text import normalised
from knowledge.lexicon import load_lexicon
from knowledge.normalize import expand, raw_tokens
from knowledge.schema import Deadline, Plan, Quota

CLOSE = 0.6  # a free text is close when this share of the gold's words is drafted, and of the drafted in the gold


@dataclass
class Score:
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} ({self.share:.1%})"


@dataclass
class Figures:
    sections: Score
    deadlines: Score
    quotas: Score
    movements: Score
    duties: Score
    dossier: Score
    award: Score
    signer: Score
    what: Score
    who: Score

    def lines(self) -> list[str]:
        return [f"{name:<10} {getattr(self, name)}" for name in self.__dataclass_fields__]


def _same(a: str | None, b: str | None) -> bool:
    return normalised(a).casefold() == normalised(b).casefold()


def _sections(draft: Plan, gold: Plan) -> Score:
    drafted = {s.id: s for s in draft.sections}
    right = sum(1 for g in gold.sections if (d := drafted.get(g.id)) and _same(d.text, g.text)
                and (not g.title or g.id == "header" or _same(d.title, g.title)))
    return Score(right, len(gold.sections))


def _deadlines(draft: Plan, gold: Plan) -> Score:
    return Score(len(_matched(draft, gold)), len(gold.deadlines))


def _class_matches(draft: Plan, dq: Quota, gold: Plan, gq: Quota) -> bool:
    """The same unit class, by the kinds it holds or by the gold label written within the drafted one."""
    d = next(c for c in draft.unit_classes if c.id == dq.unit_class)
    g = next(c for c in gold.unit_classes if c.id == gq.unit_class)
    return (bool(d.kinds) and set(d.kinds) == set(g.kinds)) or normalised(g.label).casefold() in normalised(
        d.label).casefold()


def _quotas(draft: Plan, gold: Plan) -> Score:
    right = sum(any(d.nominee == g.nominee and d.max == g.max and _class_matches(draft, d, gold, g)
                    for d in draft.quotas) for g in gold.quotas)
    return Score(right, len(gold.quotas))


def _movements(draft: Plan, gold: Plan) -> Score:
    drafted = {m.id: m for m in draft.movements}
    right = sum(1 for g in gold.movements if (d := drafted.get(g.id)) and _same(d.lead, g.lead)
                and _same(d.partners, g.partners))
    return Score(right, len(gold.movements))


def _duties(draft: Plan, gold: Plan) -> Score:
    drafted = {d.section: d for d in draft.duties}
    right = sum(1 for g in gold.duties if (d := drafted.get(g.section)) and _same(d.body, g.body))
    return Score(right, len(gold.duties))


def _same_kind(draft: Plan, d: str, gold: Plan, g: str) -> bool:
    """Award kinds correspond by what the code reads of them: their procedure and nominee kinds (ids differ)."""
    dk, gk = draft.award_kind(d), gold.award_kind(g)
    return bool(dk and gk) and (dk.procedure, set(dk.nominees)) == (gk.procedure, set(gk.nominees))


def _dossier(draft: Plan, gold: Plan) -> Score:
    """A gold set's item is found when a drafted set of its stage, for the corresponding kind, writes it."""
    right = total = 0
    for g in gold.dossier.sets:
        drafted = {normalised(i).casefold() for d in draft.dossier.sets
                   if d.stage == g.stage and _same_kind(draft, d.award, gold, g.award) for i in d.items}
        right += sum(normalised(i).casefold() in drafted for i in g.items)
        total += len(g.items)
    return Score(right, total)


@lru_cache(maxsize=1)
def _shorthand() -> dict[tuple[str, ...], tuple[str, ...]]:
    return load_lexicon().shorthand


def _words(text: str) -> list[str]:
    """Folded words, chat and official shorthand spelled out ('UBND' is 'ủy ban nhân dân')."""
    return expand(raw_tokens(text), _shorthand())


def _named(draft: str, gold: str) -> bool:
    return _words(draft) == _words(gold)


def _close(draft: str, gold: str) -> bool:
    d, g = set(_words(draft)), set(_words(gold))
    return bool(d and g) and len(d & g) >= CLOSE * len(g) and len(d & g) >= CLOSE * len(d)


def _matched(draft: Plan, gold: Plan) -> list[tuple[Deadline, Deadline]]:
    """The gold's deadlines drafted with the same date, wording and section, each with its draft."""
    drafted = {(d.date, normalised(d.wording).casefold(), d.section): d for d in draft.deadlines}
    return [(d, g) for g in gold.deadlines if (d := drafted.get((g.date, normalised(g.wording).casefold(), g.section)))]


def _acts(draft: Plan, gold: Plan, field: str) -> Score:
    """Of the deadlines drafted right, those whose `what` (or `who`) is close to the gold's."""
    return Score(sum(_close(getattr(d, field), getattr(g, field)) for d, g in _matched(draft, gold)),
                 len(gold.deadlines))


def compare(draft: Plan, gold: Plan) -> Figures:
    return Figures(_sections(draft, gold), _deadlines(draft, gold), _quotas(draft, gold), _movements(draft, gold),
                   _duties(draft, gold), _dossier(draft, gold),
                   Score(int(_named(draft.award.name, gold.award.name)), 1),
                   Score(int(_named(draft.header.signer.title, gold.header.signer.title)), 1),
                   _acts(draft, gold, "what"), _acts(draft, gold, "who"))
