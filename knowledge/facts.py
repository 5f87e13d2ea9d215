"""Answers from the plan's structured facts: each responder answers one kind of question or passes (None)."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from knowledge.dates import is_over, period_end, status, vn_date
from knowledge.lexicon import phrase
from knowledge.query import MEMBERSHIP, SMALL_TALK, Analyzer, Query
from knowledge.render import Answer, Renderer
from knowledge.roles import RoleBook
from knowledge.schema import AwardKind, Deadline, DossierSet, Duty, Plan, Quota, UnitClass

Responder = Callable[[Query, dt.date], Answer | None]
_SENTENCE = re.compile(r"(?<=[.;])\s+")
_ROLE_TALK = frozenset({"lead", "partners", "takes_part", "counterpart", "movements", "duties"}) | SMALL_TALK


def _parent(section: str) -> str:
    """'3.5.e' -> '3.5': the section a point belongs to."""
    return section.rsplit(".", 1)[0]


class FactResponders:
    """The structured answers, tried in `order`; the first that answers wins."""

    def __init__(self, plan: Plan, analyzer: Analyzer, render: Renderer) -> None:
        self.plan = plan
        self.analyzer = analyzer
        self._render = render
        self.sections = {s.id: s for s in plan.sections}
        counts = Counter(analyzer.tokens(" ".join(s.text for s in plan.sections)))
        self.roles = RoleBook(plan.movements, analyzer.tokens, lambda w: len(w) >= 4 and counts[w] <= 2)
        self.events = [*plan.deadlines, *self._derived_events(plan)]
        self._topics = [[analyzer.phrase(t) for t in e.topics] for e in self.events]
        self._lines = [(s.id, line, f" {phrase(line)} ") for s in plan.sections if s.id != "header"  # no recipients
                       for line in f"{s.title or ''}: {s.text}".splitlines()]  # each line of the plan, folded too
        # the notes on what a late dossier meets: their cues are cues of lateness ('nộp muộn', 'quá hạn')
        self._late = [n for n in plan.dossier.notes if any(analyzer.says("days_left", c) for c in n.cues)]
        self.doc_kinds = sorted({analyzer.phrase(d.kind) for d in plan.documents if d.kind != "Kế hoạch"})
        self.order: list[Responder] = [
            self._section_ref, self._own_award, self._membership, self._days_left, self._roles, self._copies,
            self._notes, self._quota, self._criteria, self._dossier, self._where, self._documents, self._header,
            self._movement, self._duties, self._period, self._deadline, self._movements, self._award, self._titled,
        ]

    def first(self, q: Query, today: dt.date) -> Answer | None:
        for responder in self.order:
            found = responder(q, today)
            if found and found.sources:  # no source: none of its facts is confirmed yet (a draft's)
                return found
        return None

    def section_text(self, section_id: str) -> tuple[str | None, str]:
        """A section's title and text; a heading-only section, or one that only leads in to its points ('… như
        sau:'), is read through its subsections."""
        s = self.sections[section_id]
        if s.text and not s.text.rstrip().endswith(":"):
            return s.title, s.text
        children = [c for c in self.plan.sections if c.id.startswith(section_id + ".")]
        return s.title, "\n".join([*([s.text] if s.text else []),
                                   *(f"{c.title + ': ' if c.title else ''}{c.text}" for c in children)])

    def _plan_over(self, today: dt.date) -> bool:
        return is_over(self.plan, today)

    @staticmethod
    def _derived_events(plan: Plan) -> list[Deadline]:
        """The anniversary day, when the plan marks one, and the end of the emulation period, asked about like
        deadlines."""
        a = plan.anniversary
        day = [Deadline(id="anniversary", kind="event", date=a.to_date, wording=f"ngày {vn_date(a.to_date)}",
                        before=False, what=f"Kỷ niệm {a.wording}", who=a.who, unit_classes=[], topics=a.topics,
                        section=a.section)] if a else []
        return [
            *day,
            Deadline(id="period-end", kind="event", date=period_end(plan),
                     wording=f"hết tháng {plan.period.end[5:]}/{plan.period.end[:4]}", before=False,
                     what=f"Kết thúc thời gian thi đua ({plan.period.wording.lower()})", who="Các đơn vị",
                     unit_classes=[], topics=["thời gian thi đua", "kết thúc", "đợt thi đua", "hết đợt"],
                     section=plan.period.section),
        ]

    def _pick_events(self, q: Query) -> tuple[list[Deadline], bool]:
        """The events the question is about, and whether it named one (False: every deadline of the units)."""
        if q.movement:
            hits = [e for e in self.events if e.section == q.movement.id]
            if hits:
                return hits, True
        said = {t for t in q.tokens if t.count("/") == 1}  # '1/9', '31/8': a day of the year the question names
        dated = [e for e in self.events if said & {f"{d.day}/{d.month}" for d in (e.date, e.last_day)}]
        if len(dated) == 1:
            return dated, True
        scored = [(sum(len(t) for t in topics if q.has(t)), e) for topics, e in zip(self._topics, self.events)]
        best = max(s for s, _ in scored)
        if best:
            return [e for s, e in scored if s == best][:1], True
        return [e for e in self.plan.deadlines if e.unit_classes], False

    def _kind(self, kind_id: str | None) -> AwardKind | None:
        return self.plan.award_kind(kind_id)

    def _section_ref(self, q: Query, today: dt.date) -> Answer | None:
        if not q.section:
            return None
        title, text = self.section_text(q.section)
        return self._render("section.j2", [q.section], title=title, text=text)

    def _days_left(self, q: Query, today: dt.date) -> Answer | None:
        return self._deadline(q, today, force=True) if "days_left" in q.intents else None

    def _deadline(self, q: Query, today: dt.date, force: bool = False) -> Answer | None:
        if not force and "deadline" not in q.intents:
            return None
        kind = self._kind(q.award_kind)
        if kind and not kind.deadline and kind.timing:
            return self._render("section.j2", [kind.section], title=kind.name,
                                text=f"{kind.timing}\n{kind.quota_note or ''}")
        events, named = self._pick_events(q)
        statuses = [status(e, today) for e in events]
        found = self._render("deadline.j2", [e.section for e in events], generic=not named, statuses=statuses,
                             plan_over=self._plan_over(today) and any(e.kind == "deadline" for e in events))
        passed = {_parent(s.deadline.section) for s in statuses if named and not s.open}
        notes = [n for n in self._late if _parent(n.section) in passed]  # the late notes of the passed one's section
        if not notes:
            return found
        late = self._render("section.j2", [n.section for n in notes], title="Lưu ý",
                            text="\n".join(f"- {n.text}" for n in notes))
        return self._render.combine([found, late])

    def _copies(self, q: Query, today: dt.date) -> Answer | None:
        if "copies" not in q.intents:
            return None
        return self._render("copies.j2", [self.plan.dossier.copies.section], copies=self.plan.dossier.copies)

    def _notes(self, q: Query, today: dt.date) -> Answer | None:
        """The notes a question touches; a deadline it names comes first (the notes are said beside it)."""
        if not q.notes or "deadline" in q.intents and self._pick_events(q)[1]:
            return None
        return self._render("section.j2", [n.section for n in q.notes], title="Lưu ý",
                            text="\n".join(f"- {n.text}" for n in q.notes))

    def _quota(self, q: Query, today: dt.date) -> Answer | None:
        if "quota" not in q.intents:
            return None
        if q.movement and not (q.unit and q.unit.name or q.award_kind or q.nominee):
            return None  # 'chỉ tiêu doanh nghiệp thành lập mới': a movement's target, not an award's quota
        kind = self._kind(q.award_kind)
        if kind and kind.quota_note:
            return self._class_line(q, kind) or self._render(
                "section.j2", [kind.section], title=kind.name, text=f"{kind.quota_note}\n{kind.timing}")
        one_class = q.unit and len(q.classes) <= 1
        chosen = [c for c in self.plan.unit_classes if c.id in q.classes] if not q.unit and len(q.classes) == 1 else []
        classes = [q.unit.unit_class] if one_class else chosen or self.plan.unit_classes
        kinds = [self._quotas_of(k, q, classes) for k in self.plan.award_kinds if not kind or k == kind]
        kinds = [k for k in kinds if k["groups"]]
        shown = [x for k in kinds for g in k["groups"] for x in g["quotas"]]
        counted = {x.award for x in shown}
        notes = [k.quota_note for k in self.plan.award_kinds if k.quota_note and k.id not in counted and not kind]
        nominees = [a for aliases in self.analyzer.lexicon.nominee_kinds.values() for a in aliases]
        narrowed = q.unit or q.classes or q.award_kind or q.has(*nominees)  # else all quotas, if they cover the words
        return self._render("quota.j2", [x.section for x in shown], unit=q.unit if one_class else None,
                            kinds=kinds, quoted=shown, notes=notes, generic=not narrowed)

    def _class_line(self, q: Query, kind: AwardKind) -> Answer | None:
        """'Khối doanh nghiệp nhà nước được mấy Cờ': the line of the award's section that names the one class asked
        about, with the award's timing."""
        classes = {q.unit.unit_class.id} if q.unit else q.classes
        labels = [phrase(c.label.split("(")[0]) for c in self.plan.unit_classes if c.id in classes]
        if len(labels) != 1:
            return None
        lines = [(sid, line) for sid, line, said in self._lines
                 if (sid == kind.section or sid.startswith(f"{kind.section}.")) and f" {labels[0]} " in said]
        if len(lines) != 1:
            return None
        sid, line = lines[0]
        text = line.split(": ", 1)[1] if line.startswith(f"{self.sections[sid].title}: ") else line
        return self._render("section.j2", [sid], title=kind.name, text=f"{text.strip()}\n{kind.timing}")

    def _quotas_of(self, kind: AwardKind, q: Query, classes: list[UnitClass]) -> dict[str, object]:
        """An award kind's quotas for the classes and nominee asked about, with its title and deadline."""
        quotas = [x for x in self.plan.quotas if x.award == kind.id and (not q.nominee or x.nominee == q.nominee)]
        groups = [{"label": c.label, "quotas": [x for x in quotas if x.unit_class == c.id]} for c in classes]
        deadline = next((d for d in self.plan.deadlines if d.id == kind.deadline), None)
        return {"kind": kind, "award": self.plan.award_of(kind.id), "deadline": deadline,
                "groups": [g for g in groups if g["quotas"]]}

    def _criteria(self, q: Query, today: dt.date) -> Answer | None:
        if "criteria" not in q.intents:
            return None
        chosen = [c for c in self.plan.criteria if (not q.award_kind or c.award == q.award_kind)
                  and (not q.nominee or c.nominee in (q.nominee, "any"))]
        if q.nominee and not q.award_kind:
            chosen = [c for c in chosen if c.nominee == q.nominee] or chosen
        return self._render("criteria.j2", [c.section for c in chosen], criteria=chosen,
                            generic=not (q.award_kind or q.nominee))

    def _sets(self, q: Query) -> list[DossierSet]:
        """The confirmed sets (a draft's wait for review; the wizard files by them meanwhile) of the kind asked."""
        return [s for s in self.plan.dossier.sets if not s.review and (not q.award_kind or s.award == q.award_kind)]

    def _where(self, q: Query, today: dt.date) -> Answer | None:
        if "where" not in q.intents:
            return None
        events, named = self._pick_events(q)
        if named and events[0].submit_to and not q.has("ho so"):
            return self._deadline(q, today, force=True)
        if "lead" in q.intents and q.has("ho so", "trinh"):  # the lead agency asks where its dossier goes
            sets = [s for s in self.plan.dossier.sets if not s.review and s.stage == "lead_to_chairman"]
            return self._render("where.j2", [s.section for s in sets], sets=sets, movement=None)
        if q.movement:
            return self._movement(q, today, force=True)
        sent = self._sent_by_duty(q) if q.duty and not q.has("ho so") else None
        if sent:
            return sent
        sets = self._sets(q)
        return self._render("where.j2", [s.section for s in sets], sets=sets, movement=None,
                            generic=not (q.award_kind or q.has("ho so")))

    def _sent_by_duty(self, q: Query) -> Answer | None:
        """'trưởng khối gửi biên bản cho ai': the line of the named body's duty that sends what the question names
        ('ký Biên bản … và gửi ngay cho đơn vị được suy tôn'), not where dossiers go."""
        duty = q.duty
        named = {t for a in duty.aliases for t in self.analyzer.tokens(a)} | {"gui", "nop"}
        asked = [t for t in self.analyzer.unnamed(q) if t not in named and t not in self.analyzer.lexicon.stopwords]
        lines = [(sid, line) for sid, line, said in self._lines
                 if (sid == duty.section or sid.startswith(f"{duty.section}.")) and re.search(" (?:gui|nop) ", said)
                 and any(f" {t} " in said for t in asked)]
        return self._lines_answer(lines, duty.body) if lines else None

    def _lines_answer(self, lines: list[tuple[str, str]], title: str | None) -> Answer:
        """Lines of the plan, each cited by its section."""
        return self._render("section.j2", list(dict.fromkeys(sid for sid, _ in lines)), title=title,
                            text="\n".join(line.lstrip(": ") for _, line in lines))

    def _dossier(self, q: Query, today: dt.date) -> Answer | None:
        unnamed = f" {' '.join(self.analyzer.unnamed(q))} "  # 'hồ sơ' in a movement's name asks for no papers
        asks_papers = not q.text or any(f" {p} " in unnamed for p in (
            "ho so", "giay to", "tai lieu", "thu tuc", "quy trinh", "to trinh", "bao cao thanh tich", "xac nhan"))
        of_movement = q.movement and q.intents & {"lead", "duties"}  # 'nhiệm vụ của đơn vị chủ trì hồ sơ Huân chương'
        if "dossier" not in q.intents or not asks_papers or of_movement:
            return None
        sets = self._sets(q)
        if not sets:
            return None
        kind = self._kind(q.award_kind)
        notes = self.plan.dossier.notes if kind and kind.procedure == "regular" else []
        sources = [s.section for s in sets] + [n.section for n in notes] + [self.plan.dossier.copies.section]
        found = self._render("dossier.j2", sources, sets=sets, notes=notes, copies=self.plan.dossier.copies,
                             generic=not (q.award_kind or q.has("ho so")), also=[])
        also = self._also_said(q, sets, found.text)
        return self._render("dossier.j2", sources, sets=sets, notes=notes, copies=self.plan.dossier.copies,
                            generic=found.generic, also=also) if also else found

    def _also_said(self, q: Query, sets: list[DossierSet], answer: str) -> list[str]:
        """'có cần biên bản họp Hội đồng không': the sentences of the sets' own sections that say what the question
        names and their lists of papers do not ('Hồ sơ này không cần Biên bản họp Hội đồng …')."""
        asked = set(self.analyzer.unnamed(q)) - self.analyzer.lexicon.stopwords - set(self.analyzer.tokens(answer))
        sections = {s.section for s in sets}
        sentences = [x.strip() for sid, line, _ in self._lines if sid in sections for x in _SENTENCE.split(line)]
        return list(dict.fromkeys(x for x in sentences if asked & set(self.analyzer.tokens(x))))

    def _header(self, q: Query, today: dt.date) -> Answer | None:
        if "title" in q.intents and not (q.movement or q.unit or q.duty or q.documents):
            return self._render("title.j2", ["header"], name=self.plan.name, h=self.plan.header)
        names_other = q.movement or q.has(*self.doc_kinds)
        own = q.intents & {"number", "issued_on"} if not names_other else frozenset()
        if not q.intents & {"signer", "issuer"} and not own:
            return None
        h = self.plan.header
        written = {"number": re.search(r"\d", h.number), "issued_on": re.search(r"ngày \d", h.place_date)}
        blank = {k for k, v in written.items() if not v}
        said = bool(q.intents & {"signer", "issuer"} or own - blank)  # 'số mấy, ký ngày nào' of a plan left blank
        return self._render("header.j2", ["header"], found=said, h=h)

    def _documents(self, q: Query, today: dt.date) -> Answer | None:
        # 'nghị định nào quy định chi tiết Luật …': the documents of the kind asked, after the one named
        asked = [k for k in self.doc_kinds if q.has(f"{k} nao")]
        if q.documents:
            more = [d for d in self.plan.documents if self.analyzer.phrase(d.kind) in asked and d not in q.documents]
            shown = [*q.documents, *more]
            return self._render("documents.j2", [d.section for d in shown], documents=shown, basis=False)
        kinds = [k for k in self.doc_kinds if q.has(k)]
        # 'trình quyết định … trước ngày nào': an event
        dated = q.intents & {"deadline", "issued_on"} and not self._pick_events(q)[1]
        if kinds and (q.intents & {"legal", "number"} or dated) or q.has(*(f"{k} nao" for k in kinds)):
            named = [d for d in self.plan.documents if self.analyzer.phrase(d.kind) in kinds and d not in q.excluded]
            named.sort(key=lambda d: (d.role != "basis", not q.has(self.analyzer.phrase(d.issuer))))
            return self._render("documents.j2", [d.section for d in named], documents=named, basis=False)
        if "legal" not in q.intents:
            return None
        basis = [d for d in self.plan.documents if d.role == "basis"]
        return self._render("documents.j2", ["header"], documents=basis, basis=True, generic=True)

    def _movement(self, q: Query, today: dt.date, force: bool = False) -> Answer | None:
        if not q.movement:
            return None
        asks = q.intents & {"lead", "partners", "takes_part", "period", "deadline", "days_left", "where", "duties"}
        if not force and (not asks or q.duty and "duties" in q.intents):
            if q.intents or len(q.tokens) > 8:
                return None
        return self._render("movement.j2", [q.movement.id], m=q.movement, plan_over=self._plan_over(today))

    def _roles(self, q: Query, today: dt.date) -> Answer | None:
        """What a body leads, and what it only supports: two facts, said apart."""
        asked = q.intents & {"lead", "partners", "takes_part"}
        if q.movement or q.intents - _ROLE_TALK or not (asked or "duties" in q.intents and not q.duty):
            return None  # a body without a duty of its own is answered by its roles; one with a duty, by it
        roles = self.roles.find(q.tokens)
        if roles and asked and self._duty_of(q) and f" {phrase(q.unit.name)} " not in f" {phrase(roles.body)} ":
            return None  # 'Đài … phối hợp với Ban … làm gì': the named unit's own duty says it, not another's roles
        if roles and not asked and q.unit and q.unit.name and phrase(q.unit.name) not in phrase(roles.body):
            return None  # 'Bộ CHQS tỉnh … đề nghị Chủ tịch UBND tỉnh …': another body's roles are not its duties
        named_unit = asked and q.unit and q.unit.name and not self._duty_of(q)
        if named_unit and (not roles or phrase(q.unit.name) != phrase(roles.body)):
            roles = self.roles.find(self.analyzer.tokens(q.unit.name)) or self.roles.of_kind(
                q.unit.name, q.unit.kind_label, q.unit.unit_class.label)
        if not roles or not (roles.lead or roles.partners):
            return None
        partners = bool(q.intents & {"partners", "takes_part"}) or not roles.lead or not asked
        shown = [*roles.lead, *(roles.partners if partners else [])]
        found = self._render("roles.j2", [m.id for m in shown], r=roles, partners=partners,
                             counterparts="counterpart" in q.intents)
        if asked or not (q.unit and q.unit.name):
            return found
        duty = self._class_duty(q)  # 'Sở Y tế phải làm gì': its roles, its own sentences, its kind's duty
        parts = [found, self._own_lines(q.unit.name, found.sources), duty and self._duty_answer(duty, q)]
        return self._render.combine([p for p in parts if p]) if len([p for p in parts if p]) > 1 else found

    def _own_lines(self, name: str, shown: list[str]) -> Answer | None:
        """The plan's sentences whose subject is the unit named ('Sở Tài chính có trách nhiệm …'), outside the
        sections shown already."""
        subject = re.compile(rf" (?:[a-z] )?{re.escape(phrase(name))} (?:[^ ]+ ){{3}}")  # a heading says nothing
        own = [(sid, line) for sid, line, folded in self._lines if sid not in shown and subject.match(folded)]
        return self._lines_answer(own, None) if own else None

    def _duty_of(self, q: Query) -> bool:
        """The duty the question names is the named unit's own (a newspaper named with its duty's 'báo chí')."""
        unit = f" {phrase(q.unit.name)} " if q.unit and q.unit.name else ""
        return bool(q.duty and unit and any(f" {phrase(a)} " in unit for a in q.duty.aliases))

    def _class_duty(self, q: Query) -> Duty | None:
        """The duty of the unit or class the question names: its own, or its kind's ('Sở Y tế': the sở's)."""
        labels = [c.label.split(",")[0] for c in self.plan.unit_classes if c.id in q.classes]
        keys = [phrase(k) for k in [*(labels if not q.unit else [q.unit.name or "", q.unit.kind_label])]]
        return next((d for d in self.plan.duties if any(k and f" {k} " in f" {phrase(d.body)} " for k in keys)), None)

    def _duties(self, q: Query, today: dt.date) -> Answer | None:
        duty = q.duty
        if not duty and (q.unit or q.classes) and "duties" in q.intents:
            duty = self._class_duty(q)
        asks = q.intents & {"duties", "lead", "identity"} if q.intents else len(q.tokens) <= 8
        if not duty or not asks:
            return None  # a body named in a long question that asks nothing of it is not asked about
        return self._duty_answer(duty, q)

    def _duty_answer(self, duty: Duty, q: Query) -> Answer:
        title = f"{duty.verb + ' ' if duty.verb else ''}{duty.body}"
        return self._render("section.j2", [duty.section], title=title, text=self.section_text(duty.section)[1],
                            generic=not (q.duty or q.unit or q.classes))

    def _period(self, q: Query, today: dt.date) -> Answer | None:
        if "period" not in q.intents:
            return None
        events, named = self._pick_events(q)
        asked = events[0].kind == "event" or "deadline" in q.intents  # 'hạn nộp hồ sơ cờ là tháng mấy'
        if named and asked and events[0].section != self.plan.period.section:
            return self._deadline(q, today, force=True)  # 'kỷ niệm … năm tính từ ngày nào đến ngày nào'
        return self._render("period.j2", [self.plan.period.section], period=self.plan.period, today=today,
                            plan_over=self._plan_over(today), generic=True)

    def _own_award(self, q: Query, today: dt.date) -> Answer | None:
        """'Quận có được tự khen thưởng không?': what the plan's award section says units award themselves."""
        if "own_award" not in q.intents:
            return None
        named = [q.duty.section] if q.duty else []  # 'sở chủ trì chuyên đề … theo thẩm quyền': that duty, if it says so
        section = next((s for s in named if self.analyzer.says("own_award", self.section_text(s)[1])),
                       self.plan.award.section)
        title, text = self.section_text(section)
        return self._render("section.j2", [section], title=title, text=text)

    def _membership(self, q: Query, today: dt.date) -> Answer | None:
        """'X thuộc khối nào?': the unit's class, with the plan's line that says most of the question and
        names the unit or its class."""
        none = self._allowed_none(q) if not q.intents & {MEMBERSHIP, "quota"} and q.has("de nghi") else []
        if none:  # a unit its class lets propose nothing, asked what it may propose: the plan's why, per award
            asked = [x for x in none if x.award == q.award_kind] or none
            return self._render("membership.j2", list(dict.fromkeys(x.section for x in asked)), unit=q.unit,
                                text="; ".join(dict.fromkeys(x.wording for x in asked)))
        if not q.unit or MEMBERSHIP not in q.intents:
            return None
        label = phrase(q.unit.unit_class.label.split("(")[0])
        names = [n for n in (phrase(q.unit.name or ""), phrase(q.unit.kind_label)) if n]  # or by its kind
        asked = set(q.tokens) - self.analyzer.lexicon.stopwords

        def weight(said: str) -> int:
            defines = said.startswith(f" {label} ")  # 'Khối các phường: gồm …'
            named = 2 * (f" {label} " in said) + any(f" {n} " in said for n in names)
            return 3 * defines + named + len(asked & set(said.split()))

        named = [(weight(said), -i, sid, line) for i, (sid, line, said) in enumerate(self._lines)
                 if any(f" {n} " in said for n in [label, *names])]
        if not named:
            return None
        _, _, section, line = max(named)
        return self._render("membership.j2", [section], unit=q.unit, text=line.strip(" :"))

    def _allowed_none(self, q: Query) -> list[Quota]:
        """The quotas of the named unit's class, when all of them are none (outside every block: 'không thuộc các
        khối thi đua'); else nothing."""
        if not (q.unit and q.unit.name):
            return []
        quotas = [x for x in self.plan.quotas if x.unit_class == q.unit.unit_class.id]
        return quotas if not any(x.max for x in quotas) else []

    def _award(self, q: Query, today: dt.date) -> Answer | None:
        """'Khen hình thức gì, ai tặng?': the plan's form of award and who grants it."""
        if "award_form" not in q.intents:
            return None
        kinds = [k for k in self.plan.award_kinds if not q.award_kind or k.id == q.award_kind]
        pairs = [(k, self.plan.award_of(k.id)) for k in kinds]
        titles = {t.name for _, t in pairs}
        sections = [self.plan.award.section, *(t.section for _, t in pairs if t != self.plan.award)]
        return self._render("award.j2", sections, award=self.plan.award, kinds=kinds, pairs=pairs, titles=titles)

    def _titled(self, q: Query, today: dt.date) -> Answer | None:
        """'Mục đích của Kế hoạch là gì?': a question that asks nothing else, using a section's short title."""
        if not q.titled or q.intents - SMALL_TALK:
            return None
        title, text = self.section_text(q.titled)
        return self._render("section.j2", [q.titled], title=title, text=text)

    def _movements(self, q: Query, today: dt.date) -> Answer | None:
        if "movements" not in q.intents:
            return None
        section = self.plan.movements_section
        return self._render("movements.j2", [section], movements=self.plan.movements, generic=True)
