"""The Vietnamese lexicon (shorthand, stopwords, question cues), folded once at load; a plan adds its own words."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from knowledge.loader import DATA_DIR, load_model
from knowledge.normalize import marked_words, raw_tokens
from knowledge.schema import Plan


LEXICON_FILE = DATA_DIR / "lexicon.yaml"


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shorthand: dict[str, str]
    stopwords: list[str]
    intents: dict[str, list[str]]
    not_intents: dict[str, list[str]]
    not_units: list[str]
    off_plan_terms: list[str]
    places: list[str]
    routed: list[str]
    contents: list[str]
    form_words: list[str]
    when_asked: list[str]
    membership_asked: list[str]
    events: list[str]
    so_far: list[str]
    money: list[str]
    award_types: list[str]
    granters: list[str]
    counted_as: dict[str, list[str]]
    which_words: list[str]
    particles: list[str]
    question_words: list[str]
    time_units: list[str]
    day_units: list[str]
    number_words: list[str]
    nominee_kinds: dict[str, list[str]]
    domain: list[str]


GAP = "(?: [^ ]+){0,4} "  # what '…' in a cue stands for: up to four words


def cue_pattern(cues: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of the folded cue phrases inside a space-padded text; '…' stands for a few words."""
    return _cue_pattern(tuple(cues))


@lru_cache(maxsize=4096)  # each plan's lexicon holds the shared cues: compiled once for all plans
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(" (?:" + "|".join(GAP.join(map(re.escape, c.split(" … "))) for c in cues) + ") ")


def phrase(text: str) -> str:
    """A folded phrase as it is matched: tokens joined by single spaces."""
    return " ".join(raw_tokens(text))


def cue(text: str, fold: Callable[[str], str] = phrase) -> str:
    """A folded cue phrase; '…' in it stands for a few words of anything ('gửi … cho ai')."""
    return " … ".join(fold(p) for p in text.split("…"))


@dataclass(frozen=True)
class Lexicon:
    shorthand: dict[tuple[str, ...], tuple[str, ...]]
    stopwords: frozenset[str]
    intents: dict[str, tuple[str, ...]]
    not_intents: dict[str, tuple[str, ...]]
    not_units: tuple[str, ...]
    off_plan_terms: tuple[str, ...]
    off_plan_marked: tuple[str, ...]  # the same terms with their marks, each word a tone key ('sổ đỏ' is not 'sở đó')
    places: tuple[str, ...]
    routed: tuple[str, ...]
    contents: tuple[str, ...]
    form_words: tuple[str, ...]
    when_asked: tuple[str, ...]
    membership_asked: tuple[str, ...]
    events: tuple[str, ...]
    so_far: tuple[str, ...]
    money: tuple[str, ...]
    award_types: tuple[str, ...]
    granters: tuple[str, ...]
    counted_as: dict[str, tuple[str, ...]]
    which_words: frozenset[str]
    particles: frozenset[str]
    question_words: frozenset[str]
    time_units: frozenset[str]
    day_units: frozenset[str]
    number_words: tuple[str, ...]
    nominee_kinds: dict[str, tuple[str, ...]]
    domain: frozenset[str]
    phrases: tuple[str, ...]  # every phrase the lexicon writes, folded: the word pairs a question may use
    award_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the plan's, by their aliases (with_plan)

    def with_plan(self, plan: Plan) -> Lexicon:
        """This lexicon and the plan's own words: its shorthand and domain words, its award kinds' aliases."""
        own = plan.lexicon
        kinds = {k.id: tuple(phrase(a) for a in k.aliases) for k in plan.award_kinds}
        shorthand = {tuple(raw_tokens(k)): tuple(raw_tokens(v)) for k, v in own.shorthand.items()}
        written = [*(p for ps in kinds.values() for p in ps), *(phrase(v) for v in own.shorthand.values())]
        return replace(self, shorthand={**self.shorthand, **shorthand}, award_kinds=kinds,
                       domain=self.domain | {t for w in own.domain for t in raw_tokens(w)},
                       phrases=(*self.phrases, *written))


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = load_model(path, LexiconFile)

    def phrases(groups: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(phrase(p) for p in v) for k, v in groups.items()}

    return Lexicon(
        shorthand={tuple(raw_tokens(k)): tuple(raw_tokens(v)) for k, v in raw.shorthand.items()},
        stopwords=frozenset(t for w in raw.stopwords for t in raw_tokens(w)),
        intents={k: tuple(cue(c) for c in v) for k, v in raw.intents.items()},
        not_intents=phrases(raw.not_intents),
        not_units=tuple(sorted((phrase(p) for p in raw.not_units), key=len, reverse=True)),
        off_plan_terms=tuple(cue(t) for t in raw.off_plan_terms),
        off_plan_marked=tuple(cue(t, lambda p: " ".join(marked_words(p))) for t in raw.off_plan_terms),
        places=tuple(phrase(p) for p in raw.places),
        routed=tuple(phrase(p) for p in raw.routed),
        contents=tuple(phrase(p) for p in raw.contents),
        form_words=tuple(phrase(p) for p in raw.form_words),
        when_asked=tuple(phrase(p) for p in raw.when_asked),
        membership_asked=tuple(phrase(p) for p in raw.membership_asked),
        events=tuple(phrase(p) for p in raw.events),
        so_far=tuple(phrase(p) for p in raw.so_far),
        money=tuple(phrase(p) for p in raw.money),
        award_types=tuple(phrase(p) for p in raw.award_types),
        granters=tuple(sorted((phrase(p) for p in raw.granters), key=len, reverse=True)),
        counted_as={phrase(k).split()[0]: tuple(phrase(v) for v in vs) for k, vs in raw.counted_as.items()},
        which_words=frozenset(phrase(w) for w in raw.which_words),
        particles=frozenset(phrase(w) for w in raw.particles),
        question_words=frozenset(phrase(w) for w in raw.question_words),
        time_units=frozenset(phrase(w) for w in raw.time_units),
        day_units=frozenset(phrase(w) for w in raw.day_units),
        number_words=tuple(phrase(w) for w in raw.number_words),
        nominee_kinds=phrases(raw.nominee_kinds),
        phrases=tuple(phrase(p) for text in [
            *raw.shorthand.values(), *(c for cs in raw.intents.values() for c in cs), *raw.off_plan_terms,
            *(c for cs in raw.nominee_kinds.values() for c in cs), *raw.not_units,
        ] for p in text.split("…")),
        domain=frozenset(t for w in [*raw.domain, *(c for cs in raw.intents.values() for c in cs)]
                         for t in raw_tokens(w)),
    )
