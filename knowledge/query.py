"""What a question asks: its intents and the plan's entities it names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from knowledge.lexicon import Lexicon, cue, cue_pattern, phrase
from knowledge.normalize import EDGES, clean, expand, has_diacritics, marked_words, raw_tokens, tone_key
from knowledge.schema import Document, Duty, Movement, Note, Plan, UnitDirectory
from knowledge.units import UnitMatch, UnitResolver

MEMBERSHIP = "membership"
SMALL_TALK = frozenset({"greeting", "thanks"})  # intents that ask nothing of the plan
MAX_QUESTION = 500  # characters analysed; the rest of a pasted wall of text adds nothing
_SECTION_REF = re.compile(r"(?<![\d/])(?:([IVX]+)\.)?(\d{1,2}(?:\.\d{1,2})+)(?:\.?([a-d]))?(?![\d/])")
_EXCEPT = re.compile(r" ngoai (?:[^ ]+ ){1,10}?(?=(?:thi |ra )?(?:con|thi|ra) )")
_PART_BREAK = re.compile(r" (?:,|va|roi|voi lai) ")
_CLAUSE = re.compile(r"[,;?!]+")
_SENTENCE_PART = re.compile(r"[,;.!?]+")  # what tells a story apart from what asks
_COUNTED = re.compile(r" \d{1,2} (tap the|ca nhan) ")


@dataclass(frozen=True)
class Query:
    text: str
    tokens: list[str]
    padded: str  # folded, shorthand expanded, ' ' + tokens + ' '
    intents: frozenset[str]
    unit: UnitMatch | None = None
    classes: frozenset[str] = frozenset()  # every quota class the question names ("quận và sở ...")
    award_kind: str | None = None
    nominee: str | None = None
    movement: Movement | None = None
    duty: Duty | None = None
    documents: list[Document] = field(default_factory=list)
    excluded: list[Document] = field(default_factory=list)  # documents named after 'ngoài' ('besides')
    notes: list[Note] = field(default_factory=list)
    section: str | None = None  # a section the question names by number ("mục 4.2", "nd 1.6")
    titled: str | None = None  # a section whose short, unique title the question uses ("mục đích")

    def has(self, *phrases: str) -> bool:
        return any(f" {p} " in self.padded for p in phrases)


def _mask(padded: str, phrases: list[str] | tuple[str, ...]) -> str:
    """The text with each phrase (longest first) replaced by '_', so it is read as one word that asks nothing."""
    for p in phrases:
        padded = padded.replace(f" {p} ", " _ ")
    return padded


def _first_match(padded: str, options: list[tuple[str, object]]) -> object | None:
    """The option whose phrase occurs earliest in the text, the longest on a tie."""
    hits = [(padded.find(f" {p} "), -len(p), i) for i, (p, _) in enumerate(options) if p and f" {p} " in padded]
    return options[min(hits)[2]][1] if hits else None


class Analyzer:
    def __init__(self, plan: Plan, lexicon: Lexicon, units: UnitDirectory) -> None:
        self.lexicon = lexicon
        self.units = UnitResolver(plan, units, self.unit_form)
        self._section_ids = [s.id for s in plan.sections]
        short = [(self.phrase(s.title), s.id) for s in plan.sections if s.title and len(s.title.split()) <= 4
                 and any(t not in lexicon.stopwords for t in self.tokens(s.title))]
        counts = {t: sum(1 for u, _ in short if u == t) for t, _ in short}
        self._titles = [(t, sid) for t, sid in short if counts[t] == 1]
        self._movements = [(self.phrase(a), m) for m in plan.movements for a in [*m.aliases, m.title]]
        self._duties = [(self.phrase(a), d) for d in plan.duties for a in d.aliases]
        self._documents = [(self._doc_keys(d), d) for d in plan.documents]
        self._notes = [(cue_pattern(cue(c, self.phrase) for c in n.cues), n) for n in plan.dossier.notes]
        self._cues = {name: cue_pattern(cues) for name, cues in lexicon.intents.items()}
        aliases = sorted({a for group in lexicon.award_kinds.values() for a in group}, key=len, reverse=True)
        self._counted_award = re.compile(" (?:may|bao nhieu|bn) (?:" + "|".join(map(re.escape, aliases)) + ") "
                                         if aliases else "(?!)")
        heads = "|".join(sorted({re.escape(tone_key(k.name.split()[0])) for k in plan.award_kinds}))
        how_many = "|".join(re.escape(tone_key(w)) for w in ("mấy", "bao nhiêu"))  # typed with marks: 'mấy Cờ'
        self._counted_head = re.compile(f" (?:{how_many}) (?:{heads}) ") if heads else re.compile("(?!)")
        bodies = {self.phrase(n) for n in [*self.units.full_names(), *(m.lead for m in plan.movements)]}
        self._bodies = sorted((b for b in bodies if len(b.split()) >= 3), key=len, reverse=True)
        cue_words = " ".join(c for cues in lexicon.intents.values() for c in cues)
        self._named = sorted((a for a in aliases if len(a.split()) >= 2 and a not in cue_words), key=len, reverse=True)

    def tokens(self, text: str) -> list[str]:
        return expand(raw_tokens(text), self.lexicon.shorthand)

    def phrase(self, text: str) -> str:
        return " ".join(self.tokens(text))

    def unit_form(self, text: str) -> str:
        """Words as they are matched to units' names: folded, shorthand expanded, and each phrase in which a unit's
        word is another word ('xã hội') made one blank word; a name is matched in the same form ('… TB&XH')."""
        return _mask(f" {self.phrase(text)} ", self.lexicon.not_units).strip()

    def _doc_keys(self, doc: Document) -> tuple[str, ...]:
        """'27-CT/TU' is asked as 'chỉ thị 27', 'chỉ thị số 27', '27-ct/tu'; laws by their aliases."""
        keys = [self.phrase(a) for a in doc.aliases]
        toks = raw_tokens(doc.number)
        if toks and toks[0].isdigit():
            kind = self.phrase(doc.kind)
            keys += [f"{kind} {toks[0]}", f"{kind} so {toks[0]}", self.phrase(doc.number)]
        return tuple(keys)

    def analyze(self, question: str) -> Query:
        text = clean(question)[:MAX_QUESTION]
        tokens = self.tokens(text)
        padded = f" {' '.join(tokens)} "
        # a cue's words never run across a comma ('tập mấy, đơn vị nào' is no 'mấy đơn vị'); its gap may ('hôm nay
        # 1/9, … nộp'). 'Sở Giáo dục và Đào tạo' asks no plan number.
        clauses = f" {' , '.join(' '.join(self.tokens(c)) for c in _CLAUSE.split(text))} "
        bodies = _mask(clauses, self._bodies)  # a name is one word: 'còn nộp hồ sơ <khen tổng kết> được không'
        intents = set(self._intents(bodies) | self._intents(_mask(bodies, self._named))) - self._blocked(clauses)
        keyed = f" {' '.join(marked_words(text))} "
        if _COUNTED.search(padded) or self._counted_award.search(padded) or self._counted_head.search(keyed):
            intents.add("quota")  # '2 cá nhân', 'mấy cờ thi đua', 'có mấy Cờ'
        focus = _EXCEPT.sub(" _ ", padded)  # 'ngoài Luật Thi đua … còn luật nào': what follows 'ngoài' is not asked
        unit_words = f" {self.unit_form(self.units.other_words(text))} "
        return Query(
            text=text, tokens=tokens, padded=padded, intents=frozenset(intents),
            unit=self.units.find(unit_words),
            classes=self.units.classes_named(unit_words),
            award_kind=self._kind(padded, self.lexicon.award_kinds, first=True),
            nominee=self._kind(padded, self.lexicon.nominee_kinds, first=False),
            movement=_first_match(focus, self._movements),  # type: ignore[arg-type]
            duty=_first_match(padded, self._duties),  # type: ignore[arg-type]
            documents=self._documents_in(focus),
            excluded=[d for d in self._documents_in(padded) if d not in self._documents_in(focus)],
            notes=[n for cues, n in self._notes if cues.search(padded)],
            section=self._section_ref(text),
            titled=_first_match(padded, self._titles),  # type: ignore[arg-type]
        )

    def unnamed(self, q: Query) -> list[str]:
        """The question's words outside the names of bodies, the movement and the duty it names: what it asks of
        them."""
        named = [*(p for p, m in self._movements if m == q.movement), *(p for p, d in self._duties if d == q.duty)]
        return _mask(_mask(q.padded, self._bodies), sorted(named, key=len, reverse=True)).split()

    def parts(self, question: str) -> list[tuple[frozenset[str], str | None, str]]:
        """Each part of a question: its intents, the award kind it names, and its own padded text ('nộp mấy bộ và
        trước ngày nào' -> copies, deadline). A body's name is one word here, so the 'và' of 'Sở Giáo dục và Đào
        tạo' never splits it."""
        chunks = re.split(r"[,;?]+", clean(question)[:MAX_QUESTION])
        masked = _mask(f" {' , '.join(' '.join(self.tokens(c)) for c in chunks)} ", self._bodies)
        return [(self._intents(padded), self._kind(padded, self.lexicon.award_kinds, first=True), padded)
                for padded in (f" {p.strip()} " for p in _PART_BREAK.split(masked))]

    def asking(self, q: Query) -> Query:
        """The clauses that ask something, when others only tell ('đơn vị em có 1 đồng chí vừa cứu người đuối nước,
        muốn đề nghị khen thì cần nộp giấy tờ gì'): what a told clause says is no topic the plan must know."""
        clauses = [c for c in _SENTENCE_PART.split(q.text) if c.strip()]
        if len(clauses) < 2:
            return q
        asking = [c for c in clauses if self._asks(raw_tokens(c))]
        if not asking or len(asking) == len(clauses):
            return q
        text = ", ".join(asking)
        tokens = self.tokens(text)
        return replace(q, text=text, tokens=tokens, padded=f" {' '.join(tokens)} ")

    def _asks(self, words: list[str]) -> bool:
        """A clause asks when it has an intent's cue or a question word."""
        return bool(set(words) & self.lexicon.question_words
                    or self._intents(f" {' '.join(expand(words, self.lexicon.shorthand))} ") - SMALL_TALK)

    def says(self, intent: str, text: str) -> bool:
        """Whether a text has one of the intent's cues ('khen thưởng theo thẩm quyền')."""
        return bool(self._cues[intent].search(f" {self.phrase(text)} "))

    def _intents(self, padded: str) -> frozenset[str]:
        """The intents whose cues the text has, unless it says a phrase in which they ask nothing else; 'membership'
        when it asks a unit's group (its words are topics too, so they are no cue words)."""
        member = {MEMBERSHIP} if any(f" {m} " in padded for m in self.lexicon.membership_asked) else set()
        return frozenset({name for name, cues in self._cues.items() if cues.search(padded)
                          and not any(f" {p} " in padded for p in self.lexicon.not_intents.get(name, ()))} | member)

    def _blocked(self, padded: str) -> set[str]:
        """The intents a phrase of the text, names unmasked, asks nothing of ('được đề nghị Bằng khen' is proposed
        for an award, not asked to do something)."""
        return {name for name, phrases in self.lexicon.not_intents.items() if any(f" {p} " in padded for p in phrases)}

    def _documents_in(self, padded: str) -> list[Document]:
        return [d for keys, d in self._documents if any(f" {k} " in padded for k in keys)]

    def _section_ref(self, text: str) -> str | None:
        """'mục V.3.1', 'điểm 3.1', 'nd 1.6' -> the one section whose number ends so; None when ambiguous."""
        for roman, numbers, letter in _SECTION_REF.findall(text):
            tail = numbers + (f".{letter}" if letter else "")
            found = [s for s in self._section_ids
                     if s in (f"{roman}.{tail}", tail) or (not roman and s.split(".", 1)[-1] == tail)]
            if len(found) == 1:
                return found[0]
        return None

    @staticmethod
    def _kind(padded: str, kinds: dict[str, tuple[str, ...]], first: bool) -> str | None:
        """The kind named; with several, the first when `first` ('khen đột xuất ... có phải đợi tổng kết không'
        is about đột xuất), else None ('mấy tập thể, mấy cá nhân' asks about both)."""
        found = [(min(padded.find(f" {c} ") for c in cues if f" {c} " in padded), k) for k, cues in kinds.items()
                 if any(f" {c} " in padded for c in cues)]
        return min(found)[1] if found and (first or len(found) == 1) else None

    @staticmethod
    def unknown_words(query: Query, known: frozenset[str], accented: frozenset[str]) -> list[str]:
        """Content words of the question that neither the plan nor the lexicon knows (`known`, folded).

        With diacritics typed, words are compared accented, so 'tiền' (money) is not taken for 'tiến'. A letter alone
        ('… xét tặng v', 'a', 'e') is a chat particle or an initial, never a topic."""
        out = [t for t in query.tokens if t not in known and not t.replace("/", "").isdigit() and len(t) > 1]
        for word in query.text.split():
            w = word.strip(EDGES).lower()
            folded = phrase(w)
            if (w and any(c.isalpha() for c in w) and has_diacritics(w) and tone_key(w) not in accented
                    and all(t in known for t in folded.split())):
                out.append(w)
        return out
