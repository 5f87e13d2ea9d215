"""Answer a question about the plan: structured facts first, ranked passages next, else 'not found'."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from knowledge.citation import uncited
from knowledge.counting import CountCheck
from knowledge.facts import FactResponders
from knowledge.lexicon import Lexicon, load_lexicon, phrase
from knowledge.normalize import marked_words, raw_tokens
from knowledge.query import SMALL_TALK, Analyzer, Query
from knowledge.render import TEMPLATES, Answer, Renderer
from knowledge.retrieval import Hit, PassageIndex
from knowledge.schema import Note, Plan, UnitDirectory
from knowledge.scope import Scope
from knowledge.spelling import Speller
from knowledge.timing import WhenCheck
from knowledge.units import UnitMatch

WHOLE_SECTION = 1300  # a section this short is quoted whole; a longer one by its best passages
MIN_SCORE = 3.0  # BM25 score under which no passage answers the question
COVER = 1 / 3  # share of those words a quoted passage must say, when it misses two or more of them
GAIN = 2  # words of the question a passage must say beyond a fact answer to replace it

__all__ = ["Answer", "Answerer"]


def _says_all(a: Answer, b: Answer) -> bool:
    """Every line of `b` is in `a`: the part `b` answers is answered by `a` already."""
    return set(b.text.splitlines()) <= set(a.text.splitlines())


class Answerer:
    """The plan's question answering; build once, then `answer` is pure and fast."""

    def __init__(self, plan: Plan, units: UnitDirectory, lexicon: Lexicon | None = None, named: bool = False) -> None:
        """`named`: answers name the plan they come from (several plans are served)."""
        plan = plan.confirmed()  # a draft's facts join once a person flips their `review` mark
        self.plan = plan
        self.units = units
        self.lexicon = (lexicon or load_lexicon()).with_plan(plan)
        self.analyzer = Analyzer(plan, self.lexicon, units)
        self.render = Renderer(plan, named)
        self.facts = FactResponders(plan, self.analyzer, self.render)
        self.index = PassageIndex(plan, self._index_tokens)
        self._last_hits: tuple[tuple[str, ...], list[Hit]] = ((), [])
        kinds = [*self.lexicon.award_kinds.values(), *self.lexicon.nominee_kinds.values()]
        cues = [c for group in [*self.lexicon.intents.values(), *kinds] for c in group]
        self.cue_tokens = frozenset(t for c in cues for t in c.split())
        words = " ".join([*(f"{s.title or ''} {s.text}" for s in plan.sections), *(u.name for u in units.units),
                          *(a for u in units.units for a in u.aliases),
                          *(a for k in plan.award_kinds for a in k.aliases), *plan.lexicon.shorthand.values(),
                          (TEMPLATES.parent / "lexicon.yaml").read_text("utf-8")])
        self.accented = frozenset(marked_words(words))
        lexicon_words = self.lexicon.domain | self.lexicon.stopwords
        self.known = self.index.vocabulary | frozenset(raw_tokens(words)) | lexicon_words
        written = [*(f"{s.title or ''}\n{s.text}" for s in plan.sections), *self.lexicon.phrases]
        shorthand = frozenset(t for k in self.lexicon.shorthand for t in k)
        names = [*(n for u in units.units for n in [u.name, *u.aliases]), *(s.title or "" for s in plan.sections)]
        self.speller = Speller(written, self.known | shorthand, self.accented, names)
        self.always_covered = lexicon_words | self.cue_tokens
        sections_text = " ".join(f"{s.title or ''} {s.text}" for s in plan.sections)
        plan_text = " " + " ".join(self.analyzer.tokens(sections_text)) + " "
        names = [phrase(sections_text), *(phrase(n) for u in units.units for n in [u.name, *u.aliases]),
                 *self.lexicon.phrases]
        prefixes = [phrase(p) for k in units.kinds for p in k.prefixes]
        self.counts = CountCheck(self.lexicon)
        self.plan_words = self.analyzer.tokens(self.render.label)
        a = plan.anniversary
        self.when = WhenCheck(self.lexicon, [a.from_date, a.to_date] if a else [])
        self.scope = Scope(plan.year, plan_text, names, self.lexicon, [p for p in prefixes if " " not in p])

    def resolve_unit(self, text: str) -> UnitMatch | None:
        """The unit a short text names ('Sở Y tế', 'so y te'), as the wizard asks for it."""
        return self.analyzer.units.find(f" {self.analyzer.unit_form(text[:200])} ")

    def answer(self, question: str, today: dt.date) -> Answer:
        q = self.analyzer.analyze(self.speller.correct(question))
        found = self._answer(q, today)
        if not found.found or self._holds(q, found):
            return found
        hits = [] if self.when.asks(q) else [h for h in self._hits(q)[:1] if h.score >= MIN_SCORE]
        other = self._quote(q, hits) if hits else None  # the best passage, when a fact gives another count
        if other and other.found and other.sources != found.sources and self._holds(q, other):
            return other
        return self.render.not_found()  # 'bao nhiêu trang' answered with a count of persons; 'when' with another

    def _holds(self, q: Query, found: Answer) -> bool:
        """An answer gives the count the question asks ('bao nhiêu trang'), and the date of the event it asks of."""
        counted = self.counts.counted(q.tokens)
        if not counted and not self.when.asks(q):
            return True
        text = uncited(found.text, self.render.label).replace("%", " phần trăm ")
        said = self.analyzer.tokens(text)  # read only when checked
        of_plan = [*said, *self.plan_words]  # the plan an answer cites says which event of the plan it dates
        return (not counted or self.counts.holds(counted, said)) and self.when.holds(q, of_plan)

    def _answer(self, q: Query, today: dt.date) -> Answer:
        content = [t for t in q.tokens if t not in self.lexicon.stopwords]
        if not content and not q.intents:
            return self.render("empty.j2", [], found=False)
        asked = self.analyzer.asking(q)
        unknown = self.analyzer.unknown_words(asked, self.known, self.accented)
        anchored = bool(q.movement or q.documents or q.unit or q.section or q.notes or q.award_kind) and q.intents
        if len(unknown) >= max(1, len(content)) * (0.75 if anchored else 0.5):
            return self.render.not_found()
        if q.intents & SMALL_TALK and not q.intents - SMALL_TALK and len(content) <= 2:  # 'xin chào', 'cảm ơn nhé'
            return self.render("small_talk.j2", [], found=False, thanks="thanks" in q.intents,
                               short_name=self.plan.short_name)
        if self.scope.outside(q):
            return self.render.not_found()
        found = self.facts.first(q, today)
        if found:
            whole = self._with_other_parts(q, found, today) if not unknown else found
            if whole is not found:
                return self._with_notes(q, whole, today)
            if found.generic:
                return self._settle_generic(q, asked, found) if not unknown else self.render.not_found()
            return self._with_notes(q, self._better_passage(q, found), today, one_part=True)
        return self.render.not_found() if unknown else self._passage(q)

    def _with_other_parts(self, q: Query, first: Answer, today: dt.date) -> Answer:
        """'nộp mấy bộ và trước ngày nào': each part of the question that asks something else gets its own answer,
        with its own citation, in one reply; the entities the question names hold for every part. A part that names
        an award kind of its own is read in its own words ('hạn nộp hồ sơ bằng khen và hồ sơ cờ')."""
        parts = [(i - SMALL_TALK, kind, padded) for i, kind, padded in self.analyzer.parts(q.text)]
        asking = [(i, kind, padded) for i, kind, padded in parts if i]
        answers: list[Answer] = []
        for asked, kind, padded in asking if len(asking) > 1 else []:
            own = {"award_kind": kind, "padded": padded} if kind else {}
            more = self.facts.first(replace(q, intents=asked, **own), today)
            part = replace(q, text=padded.strip(), tokens=padded.split(), padded=padded)
            if more and more.found:
                more = self._better_passage(part, more)
            elif not more and q.movement:  # 'phong trào X do ai chủ trì, chỉ tiêu … là bao nhiêu': X's own passage
                more = self._passage(part)
                more = more if all(s.startswith(q.movement.id) for s in more.sources) else None
            if not more or not more.found or any(_says_all(a, more) for a in answers):
                continue
            answers = [a for a in answers if not _says_all(more, a)] + [more]
        return self.render.combine(answers) if len(answers) > 1 else first

    def topic(self, intent: str, today: dt.date, unit_class: str | None = None) -> Answer:
        """The answer to a menu topic ('deadline', 'quota', 'criteria', 'dossier'), for one unit class if given."""
        classes = frozenset({unit_class}) if unit_class else frozenset()
        q = replace(self.analyzer.analyze(""), intents=frozenset({intent}), classes=classes)
        return self.facts.first(q, today) or self.render.not_found()

    def _index_tokens(self, text: str) -> list[str]:
        toks = self.analyzer.tokens(text)
        stop = self.lexicon.stopwords
        content = [t for t in toks if t not in stop]
        return content + [f"{a}_{b}" for a, b in zip(toks, toks[1:]) if a not in stop or b not in stop]

    def _hits(self, q: Query) -> list[Hit]:
        """The best passages; the last question's are kept, as one answer may look at them several times."""
        tokens = tuple(self._index_tokens(q.text))
        last, hits = self._last_hits
        if last != tokens:
            hits = self.index.search(list(tokens), k=5)
            self._last_hits = (tokens, hits)
        return hits

    def _specific_passage(self, q: Query, sources: list[str]) -> Answer | None:
        """A passage that matches words a generic answer ignores ('phim tài liệu', 'giao lưu') beats that answer."""
        distinctive = {t for t in q.tokens if t not in self.lexicon.stopwords and t not in self.cue_tokens}
        hits = self._hits(q)
        if not hits or not distinctive or any(hits[0].passage.section.startswith(s) for s in sources):
            return None
        words = set(self.analyzer.tokens(f"{hits[0].passage.title or ''} {hits[0].passage.text}"))
        return self._quote(q, hits) if distinctive & words and hits[0].score >= MIN_SCORE else None

    def _better_passage(self, q: Query, found: Answer) -> Answer:
        """A fact answer that says few of the words the question names loses to a passage that says more of them
        ('chỉ tiêu tăng trưởng GRDP là bao nhiêu': the quota list says neither 'tăng trưởng' nor 'GRDP')."""
        distinctive = self._distinctive(q)
        if len(distinctive) < GAIN:
            return found
        said = distinctive & set(self.analyzer.tokens(found.text))
        if len(distinctive - said) < GAIN:
            return found
        hits = self._hits(q)
        if not hits or hits[0].score < MIN_SCORE or hits[0].passage.section in found.sources:
            return found
        top = hits[0].passage
        quoted = distinctive & set(self.analyzer.tokens(f"{top.title or ''} {top.text}"))
        better = len(quoted - said) >= GAIN and len(quoted) >= len(said) + GAIN
        passage = self._quote(q, hits) if better else found
        return passage if passage.found else found

    def _distinctive(self, q: Query) -> set[str]:
        """The words of what the question asks of the names it says: no stopword, cue, number or name."""
        return {t for t in self.analyzer.unnamed(q) if t not in self.lexicon.stopwords and t not in self.cue_tokens
                and t != "_" and not t.replace("/", "").isdigit()}

    def _with_notes(self, q: Query, found: Answer, today: dt.date, one_part: bool = False) -> Answer:
        """'nộp mấy bộ, có phải gửi bản điện tử không': a note of the dossier the question also touches is said too;
        beside a one-part answer, also the note whose passage the question matches best."""
        touched = q.notes or (self._noted(q, found) if one_part else [])
        plain = replace(q, intents=frozenset(), section=None, notes=touched)
        notes = self.facts.first(plain, today) if touched else None
        if not notes or not notes.found or _says_all(found, notes):
            return found
        return self.render.combine([found, notes])

    def _noted(self, q: Query, found: Answer) -> list[Note]:
        """The dossier note whose passage the question matches best, when the answer is from elsewhere ('… Sở Nội vụ
        nhận sau hạn thì sao': the late-dossier note beside the deadline)."""
        hits = [h for h in self._hits(q)[:1] if h.score >= MIN_SCORE and h.passage.section not in found.sources]
        return [n for n in self.plan.dossier.notes for h in hits if n.section == h.passage.section]

    def _settle_generic(self, q: Query, asked: Query, generic: Answer) -> Answer:
        """A generic answer stands only when it covers what the question (`asked`: its asking clauses) names; else a
        passage, else 'not found'."""
        specific = self._specific_passage(q, generic.sources)
        if specific:
            return specific
        if self._covers(asked, generic):
            return generic
        quoted = self._passage(q)  # the fact's own section may say more than the fact ('… tổng kết trong tháng 12')
        return quoted if quoted.found and self._covers(q, quoted) else self.render.not_found()

    def _covers(self, q: Query, found: Answer) -> bool:
        said = set(self.analyzer.tokens(found.text)) | {str(self.plan.year)}  # 'thời gian thi đua năm 2027'
        return all(t in said or t in self.always_covered for t in q.tokens)

    def _passage(self, q: Query) -> Answer:
        hits = self._hits(q)
        if not hits or hits[0].score < MIN_SCORE:
            return self.render.not_found()
        titled = [h for h in hits if h.passage.section == q.titled]  # "mục đích" picks the section so titled
        found = self._quote(q, titled + [h for h in hits if h not in titled] if titled else hits)
        distinctive = self._distinctive(q)
        quoted = distinctive & set(self.analyzer.tokens(found.text))
        if len(distinctive - quoted) >= 2 and len(quoted) < len(distinctive) * COVER:  # 'tra cứu điểm thi tốt nghiệp'
            return self.render.not_found()
        return found

    def _quote(self, q: Query, hits: list[Hit]) -> Answer:
        """The top passage's section, whole or by its best passages; 'not found' when a 'when' question gets no date
        from it ('cuộc thi viết … hạn nộp bài khi nào')."""
        top = hits[0].passage
        title, text = self.facts.section_text(top.section)
        if len(text) > WHOLE_SECTION:
            same = [h.passage for h in hits if h.passage.section == top.section]
            order = {p: i for i, p in enumerate(self.index.passages)}
            text = "\n".join(p.text for p in sorted(same, key=order.get)[:3])
        if not self.when.dated(q, text):
            return self.render.not_found()
        return self.render("section.j2", [top.section], title=title, text=text)
