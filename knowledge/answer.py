"""Answer a question about the plan: structured facts through templates first, ranked passages next, else 'not found'."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from knowledge.citation import cite
from knowledge.dates import status, vn_date
from knowledge.lexicon import Lexicon, load_lexicon, phrase
from knowledge.normalize import raw_tokens, tone_key
from knowledge.query import Analyzer, Query
from knowledge.retrieval import PassageIndex
from knowledge.schema import Deadline, Movement, Plan, UnitDirectory
from knowledge.units import UnitResolver

MAX_ANSWER = 1500
TEMPLATES = Path(__file__).resolve().parent / "templates"
NOMINEE_WORDS = {"collective": "tập thể", "individual": "cá nhân"}


@dataclass(frozen=True)
class Answer:
    text: str
    sources: list[str]
    found: bool


def _environment(plan: Plan) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    kinds = {k.id: k.name for k in plan.award_kinds}
    env.filters.update(cite=cite, vndate=vn_date, nominee=NOMINEE_WORDS.get, award_name=kinds.get,
                       upper_first=lambda s: s[:1].upper() + s[1:])
    return env


def _trim(text: str, limit: int = MAX_ANSWER) -> str:
    """Keep whole lines (the citation is the last line and always stays) within the limit."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines() if line.strip())
    if len(text) <= limit:
        return text
    *body, citation = text.splitlines()
    kept: list[str] = []
    for line in body:
        if sum(len(k) + 1 for k in kept) + len(line) + len(citation) + 6 > limit:
            kept.append("(…)")
            break
        kept.append(line)
    return "\n".join([*kept, citation])[:limit]


class Answerer:
    """The plan's question answering; build once, then `answer` is pure and fast."""

    def __init__(self, plan: Plan, units: UnitDirectory, lexicon: Lexicon | None = None) -> None:
        self.plan = plan
        self.lexicon = lexicon or load_lexicon()
        self.analyzer = Analyzer(plan, self.lexicon, UnitResolver(plan, units))
        self.index = PassageIndex(plan, self._index_tokens)
        self.env = _environment(plan)
        self.sections = {s.id: s for s in plan.sections}
        self.events = [*plan.deadlines, *self._derived_events(plan)]
        words = " ".join([*(f"{s.title or ''} {s.text}" for s in plan.sections), *(u.name for u in units.units),
                          *(a for u in units.units for a in u.aliases), (TEMPLATES.parent / "lexicon.yaml").read_text("utf-8")])
        self.accented = frozenset(tone_key(w.strip(".,;:!?()[]{}\"'“”…-–/")) for w in words.split())
        self.vocabulary = self.index.vocabulary | frozenset(raw_tokens(words))
        self.responders: list[Callable[[Query, dt.date], Answer | None]] = [
            self._days_left, self._copies, self._quota, self._criteria, self._where, self._dossier, self._header,
            self._documents, self._movement, self._movements_led, self._duties, self._period, self._deadline,
            self._movements,
        ]

    # ---- entry point -------------------------------------------------------------------------------------------
    def answer(self, question: str, today: dt.date) -> Answer:
        q = self.analyzer.analyze(question)
        content = [t for t in q.tokens if t not in self.lexicon.stopwords]
        if not content and not q.intents:
            return self._render("empty.j2", [], found=False)
        unknown = self.analyzer.unknown_words(q, self.vocabulary, self.accented)
        if len(unknown) >= max(1, len(content)) * 0.5 or "greeting" in q.intents and len(content) <= 2:
            return self._not_found()
        for responder in self.responders:
            found = responder(q, today)
            if found:
                return found
        return self._passage(q, strict=bool(unknown))

    def topic(self, intent: str, today: dt.date) -> Answer:
        """The answer to a menu topic ('deadline', 'quota', 'criteria', 'dossier') with nothing narrowed down."""
        q = replace(self.analyzer.analyze(""), intents=frozenset({intent}))
        for responder in self.responders:
            found = responder(q, today)
            if found:
                return found
        return self._not_found()

    # ---- helpers -----------------------------------------------------------------------------------------------
    def _index_tokens(self, text: str) -> list[str]:
        toks = self.analyzer.tokens(text)
        content = [t for t in toks if t not in self.lexicon.stopwords]
        bigrams = [f"{a}_{b}" for a, b in zip(toks, toks[1:]) if a not in self.lexicon.stopwords
                   or b not in self.lexicon.stopwords]
        return content + bigrams

    def _render(self, template: str, sources: list[str], found: bool = True, **ctx: object) -> Answer:
        sources = list(dict.fromkeys(sources))
        text = self.env.get_template(template).render(sections=sources, year=self.plan.year, **ctx)
        return Answer(_trim(text), sources, found)

    def _not_found(self) -> Answer:
        return self._render("not_found.j2", [], found=False, short_name=self.plan.short_name)

    def _plan_over(self, today: dt.date) -> bool:
        y, m = map(int, self.plan.period.end.split("-"))
        return today > dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)

    @staticmethod
    def _derived_events(plan: Plan) -> list[Deadline]:
        """The anniversary day and the end of the emulation period, asked about like deadlines."""
        y, m = map(int, plan.period.end.split("-"))
        end = dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)
        a = plan.anniversary
        return [
            Deadline(id="anniversary", date=a.to_date, wording=f"ngày {vn_date(a.to_date)}", before=False,
                     what=f"Kỷ niệm {a.name}", who="Toàn Thành phố", unit_classes=[],
                     topics=["kỷ niệm", "giải phóng thủ đô", "ngày giải phóng", "10/10", "10/10/2024"], section=a.section),
            Deadline(id="period-end", date=end, wording=f"hết tháng {m:02d}/{y}", before=False,
                     what=f"Kết thúc thời gian thi đua ({plan.period.wording.lower()})", who="Các đơn vị",
                     unit_classes=[], topics=["thời gian thi đua", "kết thúc", "đợt thi đua", "hết đợt", "phong trào thi đua"],
                     section=plan.period.section),
        ]

    def _pick_events(self, q: Query) -> list[Deadline]:
        if q.movement:
            hits = [e for e in self.events if e.section == q.movement.id]
            if hits:
                return hits
        scored = [(sum(len(t) for t in map(phrase, e.topics) if q.has(t)), e) for e in self.events]
        best = max(s for s, _ in scored)
        if best:
            return [e for s, e in scored if s == best][:1]
        return [e for e in self.plan.deadlines if e.unit_classes]

    # ---- responders, tried in order ------------------------------------------------------------------------------
    def _days_left(self, q: Query, today: dt.date) -> Answer | None:
        if "days_left" not in q.intents:
            return None
        return self._deadline(q, today, force=True)

    def _deadline(self, q: Query, today: dt.date, force: bool = False) -> Answer | None:
        if not force and "deadline" not in q.intents:
            return None
        events = self._pick_events(q)
        statuses = [status(e, today) for e in events]
        return self._render("deadline.j2", [e.section for e in events], statuses=statuses,
                            plan_over=self._plan_over(today) and any(e.unit_classes for e in events))

    def _copies(self, q: Query, today: dt.date) -> Answer | None:
        if "copies" not in q.intents:
            return None
        return self._render("copies.j2", [self.plan.dossier.copies.section], copies=self.plan.dossier.copies)

    def _quota(self, q: Query, today: dt.date) -> Answer | None:
        if "quota" not in q.intents or q.has("kinh te", "chi tieu kinh te"):
            return None
        if q.award_kind == "dot_xuat":
            kind = next(k for k in self.plan.award_kinds if k.id == "dot_xuat")
            return self._render("section.j2", [kind.section], title=kind.name, text=f"{kind.quota_note}\n{kind.timing}")
        quotas = [x for x in self.plan.quotas if not q.nominee or x.nominee == q.nominee]
        classes = [q.unit.unit_class] if q.unit else self.plan.unit_classes
        groups = [{"label": c.label, "quotas": [x for x in quotas if x.unit_class == c.id]} for c in classes]
        shown = [x for g in groups for x in g["quotas"]]
        deadline = next(d for d in self.plan.deadlines if d.id == self._tong_ket_deadline())
        return self._render("quota.j2", [x.section for x in shown], unit=q.unit, groups=groups, quoted=shown,
                            deadline=deadline)

    def _tong_ket_deadline(self) -> str:
        return next(k.deadline for k in self.plan.award_kinds if k.deadline)

    def _criteria(self, q: Query, today: dt.date) -> Answer | None:
        if "criteria" not in q.intents:
            return None
        chosen = [c for c in self.plan.criteria if (not q.award_kind or c.award == q.award_kind)
                  and (not q.nominee or c.nominee in (q.nominee, "any"))]
        if q.nominee and not q.award_kind:
            chosen = [c for c in chosen if c.nominee == q.nominee] or chosen
        return self._render("criteria.j2", [c.section for c in chosen], criteria=chosen)

    def _sets(self, q: Query) -> list:
        return [s for s in self.plan.dossier.sets if not q.award_kind or s.award == q.award_kind]

    def _where(self, q: Query, today: dt.date) -> Answer | None:
        if "where" not in q.intents:
            return None
        if q.has("ke hoach cu the", "gui ke hoach", "nop ke hoach", "ke hoach trien khai", "xay dung ke hoach"):
            return self._deadline(q, today, force=True)
        if q.movement:
            return self._movement(q, today, force=True)
        sets = self._sets(q)
        return self._render("where.j2", [s.section for s in sets], sets=sets, movement=None)

    def _dossier(self, q: Query, today: dt.date) -> Answer | None:
        if "dossier" not in q.intents or q.movement and not q.has("ho so"):
            return None
        sets = self._sets(q)
        wants_notes = q.award_kind == "tong_ket" or q.has("bao cao thanh tich", "quan ly", "xac nhan", "luu y", "dong dau")
        notes = [n for n in self.plan.dossier.notes if wants_notes]
        sources = [s.section for s in sets] + [n.section for n in notes] + [self.plan.dossier.copies.section]
        return self._render("dossier.j2", sources, sets=sets, notes=notes, copies=self.plan.dossier.copies)

    def _header(self, q: Query, today: dt.date) -> Answer | None:
        if not q.intents & {"signer", "issuer"}:
            return None
        return self._render("header.j2", ["header"], h=self.plan.header)

    def _documents(self, q: Query, today: dt.date) -> Answer | None:
        if q.documents:
            return self._render("documents.j2", [d.section for d in q.documents], documents=q.documents, basis=False)
        if "legal" not in q.intents:
            return None
        basis = [d for d in self.plan.documents if d.role == "basis"]
        return self._render("documents.j2", ["header"], documents=basis, basis=True)

    def _movement(self, q: Query, today: dt.date, force: bool = False) -> Answer | None:
        if not q.movement:
            return None
        if not force and q.duty and "duties" in q.intents and "lead" not in q.intents:
            return None
        return self._render("movement.j2", [q.movement.id], m=q.movement, plan_over=self._plan_over(today))

    def _led_by(self, name: str, role: str) -> list[Movement]:
        key = f" {phrase(name)} "
        return [m for m in self.plan.movements if key in f" {phrase(getattr(m, role))} "]

    def _movements_led(self, q: Query, today: dt.date) -> Answer | None:
        if not q.intents & {"lead", "partners"} or not q.unit or not q.unit.name:
            return None
        role = "lead" if "lead" in q.intents else "partners"
        led = self._led_by(q.unit.name, role) or self._led_by(q.unit.name, "partners")
        if not led:
            return None
        return self._render("movements_led.j2", [m.id for m in led], body=q.unit.name, movements=led)

    def _duties(self, q: Query, today: dt.date) -> Answer | None:
        duty = q.duty
        if not duty and q.unit and "duties" in q.intents:
            keys = [phrase(q.unit.name or ""), phrase(q.unit.kind_label)]
            duty = next((d for d in self.plan.duties if any(k and f" {k} " in f" {phrase(d.body)} " for k in keys)), None)
        if not duty or not q.intents & {"duties", "lead"} and q.intents:
            return None
        section = self.sections[duty.section]
        return self._render("section.j2", [duty.section], title=f"{duty.verb + ' ' if duty.verb else ''}{duty.body}",
                            text=section.text)

    def _period(self, q: Query, today: dt.date) -> Answer | None:
        if "period" not in q.intents:
            return None
        return self._render("period.j2", [self.plan.period.section], period=self.plan.period, today=today,
                            plan_over=self._plan_over(today))

    def _movements(self, q: Query, today: dt.date) -> Answer | None:
        if "movements" not in q.intents:
            return None
        return self._render("movements.j2", ["II.2"], movements=self.plan.movements)

    def _passage(self, q: Query, strict: bool) -> Answer:
        hits = self.index.search(self._index_tokens(q.text), k=3)
        if not hits or hits[0].score < (6.0 if strict else 3.0):
            return self._not_found()
        top = hits[0].passage
        section = self.sections[top.section]
        text = section.text if len(section.text) <= 700 else top.text
        return self._render("section.j2", [top.section], title=section.title, text=text)
