"""What a question asks: its intents and the plan's entities it names."""
from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.lexicon import Lexicon, phrase
from knowledge.normalize import clean, expand, raw_tokens, tone_key
from knowledge.schema import Document, Duty, Movement, Plan
from knowledge.units import UnitMatch, UnitResolver

MAX_QUESTION = 500  # characters analysed; the rest of a pasted wall of text adds nothing


@dataclass(frozen=True)
class Query:
    text: str
    tokens: list[str]
    padded: str  # folded, shorthand expanded, ' ' + tokens + ' '
    intents: frozenset[str]
    unit: UnitMatch | None = None
    award_kind: str | None = None
    nominee: str | None = None
    movement: Movement | None = None
    duty: Duty | None = None
    documents: list[Document] = field(default_factory=list)

    def has(self, *phrases: str) -> bool:
        return any(f" {p} " in self.padded for p in phrases)


def _first_match(padded: str, options: list[tuple[str, object]]) -> object | None:
    """The option whose phrase occurs earliest in the text, the longest on a tie."""
    hits = [(padded.find(f" {p} "), -len(p), i) for i, (p, _) in enumerate(options) if p and f" {p} " in padded]
    return options[min(hits)[2]][1] if hits else None


class Analyzer:
    def __init__(self, plan: Plan, lexicon: Lexicon, units: UnitResolver) -> None:
        self.lexicon = lexicon
        self.units = units
        self._movements = [(phrase(a), m) for m in plan.movements for a in [*m.aliases, m.title]]
        self._duties = [(phrase(a), d) for d in plan.duties for a in d.aliases]
        self._documents = [(self._doc_keys(d), d) for d in plan.documents]

    @staticmethod
    def _doc_keys(doc: Document) -> tuple[str, ...]:
        """'27-CT/TU' is asked as 'chỉ thị 27', 'ct 27', '27-ct/tu', 'chỉ thị số 27'."""
        toks = raw_tokens(doc.number)
        if not toks or not toks[0].isdigit():
            return (phrase(doc.number),)
        kind = phrase(doc.kind)
        return (f"{kind} {toks[0]}", f"{kind} so {toks[0]}", " ".join(toks))

    def tokens(self, text: str) -> list[str]:
        return expand(raw_tokens(text), self.lexicon.shorthand)

    def analyze(self, question: str) -> Query:
        text = clean(question)[:MAX_QUESTION]
        tokens = self.tokens(text)
        padded = f" {' '.join(tokens)} "
        intents = frozenset(name for name, cues in self.lexicon.intents.items()
                            if any(f" {c} " in padded for c in cues))
        return Query(
            text=text, tokens=tokens, padded=padded, intents=intents,
            unit=self.units.find(padded),
            award_kind=self._kind(padded, self.lexicon.award_kinds),
            nominee=self._kind(padded, self.lexicon.nominee_kinds),
            movement=_first_match(padded, self._movements),  # type: ignore[arg-type]
            duty=_first_match(padded, self._duties),  # type: ignore[arg-type]
            documents=[d for keys, d in self._documents if any(f" {k} " in padded for k in keys)],
        )

    @staticmethod
    def _kind(padded: str, kinds: dict[str, tuple[str, ...]]) -> str | None:
        found = [k for k, cues in kinds.items() if any(f" {c} " in padded for c in cues)]
        return found[0] if len(found) == 1 else None

    def unknown_words(self, query: Query, vocabulary: frozenset[str], accented: frozenset[str]) -> list[str]:
        """Content words of the question that neither the plan nor the domain lexicon knows.

        With diacritics typed, words are compared accented, so 'tiền' (money) is not taken for 'tiến'."""
        known = vocabulary | self.lexicon.domain | self.lexicon.stopwords
        out = [t for t in query.tokens if t not in known and not t.isdigit()]
        for word in query.text.split():
            w = word.strip(".,;:!?()[]{}\"'“”…-–/").lower()
            if w and any(c.isalpha() for c in w) and w != phrase(w) and tone_key(w) not in accented:
                out.append(w)
        return out
