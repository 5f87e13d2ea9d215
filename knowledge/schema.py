"""Pydantic schema of a plan's data file and of a city's unit directory."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SECTION_ID = r"^(header|([IVX]+|\d+)(\.\d+)*(\.[a-zđ])?)$"  # the plan's own numbering: 'V.3.1', '2.1.3.a'
AWARD_KIND_ID = r"^[a-z][a-z0-9_]*$"
AwardKindId = str  # a plan's own award kind ids, which the code never names: it reads their procedure
Procedure = Literal["simple", "regular"]
NomineeKindId = Literal["collective", "individual"]  # the one vocabulary of nominee kinds: plan, form, documents
NOMINEE_WORDS: dict[str, str] = {"collective": "tập thể", "individual": "cá nhân"}  # and their words
NomineeKind = Literal[NomineeKindId, "any"]
DossierStage = Literal["unit_to_chairman", "unit_to_lead", "lead_to_chairman"]
DocumentKindId = Literal["to_trinh", "danh_sach", "bien_ban", "bao_cao"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Drafted(Strict):
    """A fact a draft may hold before a person confirms it: `review` true until then (the Answerer ignores it),
    `source` the sentence of the plan it was read from."""

    review: bool = False
    source: str | None = None


class Section(Strict):
    id: str = Field(pattern=SECTION_ID)
    title: str | None = None
    text: str


class Signer(Strict):
    name: str
    title: str
    block: list[str]


class Header(Drafted):
    number: str
    number_note: str
    issuer: str
    place_date: str
    signer: Signer
    recipients: list[str]
    section: str


class Anniversary(Strict):
    name: str
    years: int
    from_date: dt.date
    to_date: dt.date
    wording: str
    who: str = Field(description="who celebrates it, as a deadline's 'who': 'Toàn Thành phố'")
    topics: list[str] = Field(description="words a question about the day uses: 'ngày giải phóng', '30/4'")
    section: str


class Document(Drafted):
    kind: str
    number: str
    date: dt.date | None = None
    issuer: str
    role: Literal["basis", "cited"]
    about: str
    section: str
    aliases: list[str] = []


class Period(Drafted):
    start: str = Field(pattern=r"^\d{4}-\d{2}$")
    end: str = Field(pattern=r"^\d{4}-\d{2}$")
    wording: str
    section: str


class Award(Drafted):
    name: str
    granted_by: str
    section: str


class AwardKind(Drafted):
    id: AwardKindId = Field(pattern=AWARD_KIND_ID)
    name: str
    aliases: list[str]
    procedure: Procedure = Field(description="simple: the Law's Article 85 (the act and its merit, no council vote, "
                                             "no quota); regular: results and initiatives, voted by the unit's council")
    nominees: list[NomineeKindId] = Field(["collective", "individual"], min_length=1)
    award: Award | None = Field(None, description="the title it grants, when not the plan's `award`")
    timing: str | None = None
    quota_note: str | None = None
    deadline: str | None = None
    section: str


class UnitClass(Drafted):
    id: str
    label: str
    kinds: list[str]


class Quota(Drafted):
    award: AwardKindId
    unit_class: str
    nominee: NomineeKindId
    max: int = Field(ge=0)
    per: Literal["unit", "class"] = Field("unit", description="class: the limit is the whole class's (a block's "
                                                              "flags), not each unit's")
    wording: str
    section: str


class Deadline(Drafted):
    id: str
    date: dt.date
    wording: str
    before: bool = Field(description="'trước ngày X': the last day to act is the day before X")
    what: str
    submit_to: str | None = None
    who: str
    unit_classes: list[str]
    topics: list[str]
    section: str
    kind: Literal["deadline", "event"] = "deadline"

    @property
    def last_day(self) -> dt.date:
        return self.date - dt.timedelta(days=1) if self.before else self.date


class Criteria(Drafted):
    award: AwardKindId
    nominee: NomineeKind
    items: list[str] = Field(min_length=1)
    section: str


class DossierSet(Drafted):
    award: AwardKindId
    stage: DossierStage
    sender: str
    receiver: str
    basis: str | None = None
    items: list[str] = Field(min_length=1)
    section: str


class Note(Drafted):
    id: str
    cues: list[str] = []
    text: str
    section: str


class Copies(Drafted):
    count: int = Field(ge=1)
    wording: str
    section: str


class Dossier(Strict):
    sets: list[DossierSet]
    notes: list[Note]
    copies: Copies


class Movement(Drafted):
    id: str = Field(pattern=SECTION_ID)
    title: str
    short: str = Field(max_length=60, description="a button label")
    aliases: list[str]
    lead: str
    partners: str
    period: str
    lead_task: str | None = None

    @property
    def section(self) -> str:
        return self.id


class Duty(Drafted):
    body: str
    aliases: list[str]
    verb: str | None = None
    section: str


class Paper(Drafted):
    """A paper of one nominee's dossier, asked for in the wizard's checklist."""

    id: str
    name: str
    award: str  # an award kind id, or "any"
    required: bool
    when_outside_management: bool = False
    made: bool = False  # the documents make it (the achievement report): not listed again among the enclosures
    section: str


GENERAL_MOVEMENT = "chung"  # the movement a nomination names when it is of none of the plan's


class GeneralMovement(Drafted):
    label: str = Field(max_length=60)
    receiver: str
    section: str


class Figure(Drafted):
    value: str
    text: str
    section: str


class FormTemplate(Strict):
    """One .docx template of the form set and the case it serves (award and nominee: achievement reports only)."""

    document: DocumentKindId
    procedure: Procedure | None = None
    nominee: NomineeKindId | None = None
    file: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.docx$")
    form: str = Field(description="the official form it follows, as people name it")

    @model_validator(mode="after")
    def _case_fits_document(self) -> FormTemplate:
        is_report = self.document == "bao_cao"
        if is_report != (self.procedure is not None and self.nominee is not None):
            raise ValueError(f"{self.file}: procedure and nominee are set for bao_cao templates, and only for them")
        return self


class Submission(Strict):
    """How a dossier of one stage is addressed and what goes in it."""

    stage: DossierStage
    addressee: str | None = Field(description="the Tờ trình's 'Kính gửi'; None: the movement's lead agency")
    request: str = Field(description="the ask after the unit's name, up to the award's name; {lead} stands for "
                                     "the lead agency when there is no fixed addressee")
    documents: list[DocumentKindId] = Field(min_length=1)
    section: str

    @model_validator(mode="after")
    def _lead_named_when_no_addressee(self) -> Submission:
        if (self.addressee is None) != ("{lead}" in self.request):
            raise ValueError(f"{self.stage}: request names {{lead}} exactly when addressee is null")
        return self


class Forms(Strict):
    """Nomination documents: a template set under knowledge/forms/<set>/, the legal bases its Tờ trình cites,
    which template serves which case, and how each stage's dossier is addressed."""

    set: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    bases: list[str] = Field(min_length=1)
    templates: list[FormTemplate]
    submissions: list[Submission]

    @model_validator(mode="after")
    def _one_template_per_case(self) -> Forms:
        seen: set[tuple[str, str | None, str | None]] = set()
        for t in self.templates:
            case = (t.document, t.procedure, t.nominee)
            if case in seen:
                raise ValueError(f"templates: two templates for {case}")
            seen.add(case)
        for document in ("to_trinh", "danh_sach", "bien_ban"):
            if (document, None, None) not in seen:
                raise ValueError(f"templates: no template for {document}")
        stages = [s.stage for s in self.submissions]
        if len(set(stages)) != len(stages):
            raise ValueError("submissions: a stage appears twice")
        return self

    def template(self, document: str, procedure: str | None = None, nominee: str | None = None) -> FormTemplate:
        for t in self.templates:
            if (t.document, t.procedure, t.nominee) == (document, procedure, nominee):
                return t
        raise KeyError(f"forms.templates: none for {document} {procedure or ''} {nominee or ''}".strip())

    def submission(self, stage: str) -> Submission:
        for s in self.submissions:
            if s.stage == stage:
                return s
        raise KeyError(f"forms.submissions: none for stage {stage}")


class PlanLexicon(Strict):
    """A plan's own words, added to the shared lexicon's: shorthand officers type for its names ('gdpt'), and words
    its questions use that its text may not contain."""

    shorthand: dict[str, str] = {}
    domain: list[str] = []
    names: list[str] = Field([], description="what a question calls this plan ('đợt thi đua chào mừng Đại hội'), "
                                             "besides 'kế hoạch <year>' and its city: such a question goes to it")


class Plan(Strict):
    """One plan: its structured facts and every section verbatim."""

    id: str
    city: str
    units: str
    name: str
    short_name: str
    year: int
    header: Header
    anniversary: Anniversary | None = None
    documents: list[Document]
    period: Period
    award: Award
    award_kinds: list[AwardKind]
    unit_classes: list[UnitClass]
    quotas: list[Quota]
    deadlines: list[Deadline]
    criteria: list[Criteria]
    dossier: Dossier
    movements: list[Movement]
    duties: list[Duty]
    figures: list[Figure]
    papers: list[Paper]
    general_movement: GeneralMovement
    sections: list[Section] = Field(min_length=1)
    forms: Forms
    lexicon: PlanLexicon = Field(default_factory=lambda: PlanLexicon(),
                                 description="the plan's own words, added to the shared lexicon")

    @field_validator("sections")
    @classmethod
    def _unique_sections(cls, sections: list[Section]) -> list[Section]:
        seen: set[str] = set()
        for s in sections:
            if s.id in seen:
                raise ValueError(f"section {s.id!r} appears twice")
            seen.add(s.id)
        return sections

    @model_validator(mode="after")
    def _references_resolve(self) -> Plan:
        ids = {s.id for s in self.sections}
        for path, value in self._section_refs():
            if value not in ids:
                raise ValueError(f"{path}: section {value!r} is not among `sections`")
        self._ids_resolve()
        covered = {s.stage for s in self.forms.submissions}
        for i, s in enumerate(self.dossier.sets):
            if s.stage not in covered:
                raise ValueError(f"dossier.sets[{i}].stage: {s.stage!r} has no forms.submissions entry")
        for k in self.award_kinds:
            for nominee in k.nominees:
                if not any((t.document, t.procedure, t.nominee) == ("bao_cao", k.procedure, nominee)
                           for t in self.forms.templates):
                    raise ValueError(f"forms.templates: no bao_cao template for {k.procedure} {nominee} ({k.id})")
        return self

    def _ids_resolve(self) -> None:
        """Unit classes, deadlines and award kinds named anywhere are declared."""
        kinds = [k.id for k in self.award_kinds]
        if len(set(kinds)) != len(kinds):
            raise ValueError("award_kinds: an id appears twice")
        named = [("unit class", f"quotas[{i}].unit_class", q.unit_class) for i, q in enumerate(self.quotas)]
        named += [("unit class", f"deadlines[{i}].unit_classes", c) for i, d in enumerate(self.deadlines)
                  for c in d.unit_classes]
        named += [("deadline", f"award_kinds[{i}].deadline", k.deadline) for i, k in enumerate(self.award_kinds)
                  if k.deadline]
        for name in ("quotas", "criteria", "papers"):
            named += [("award kind", f"{name}[{i}].award", x.award) for i, x in enumerate(getattr(self, name))
                      if x.award != "any"]
        named += [("award kind", f"dossier.sets[{i}].award", x.award) for i, x in enumerate(self.dossier.sets)]
        known = {"unit class": {c.id for c in self.unit_classes}, "deadline": {d.id for d in self.deadlines},
                 "award kind": set(kinds)}
        for what, path, value in named:
            if value not in known[what]:
                raise ValueError(f"{path}: unknown {what} {value!r}")

    def confirmed(self) -> Plan:
        """The plan without the listed facts still marked for review: what may be served."""
        lists = ("documents", "quotas", "deadlines", "criteria", "movements", "duties", "figures")
        return self.model_copy(update={name: [x for x in getattr(self, name) if not x.review] for name in lists})

    def award_kind(self, kind_id: str | None) -> AwardKind | None:
        return next((k for k in self.award_kinds if k.id == kind_id), None)

    def award_of(self, kind_id: str | None) -> Award:
        """The title an award kind grants: its own, else the plan's."""
        kind = self.award_kind(kind_id)
        return kind.award if kind and kind.award else self.award

    def movement_choices(self) -> dict[str, str]:
        """What a nomination may name as its movement, by id, with a button's label: the plan's, then the general
        one."""
        return {**{m.id: m.short for m in self.movements}, GENERAL_MOVEMENT: self.general_movement.label}

    @property
    def movements_section(self) -> str:
        """The section that lists the movements: their ids' common parent ('V.3' for 'V.3.1' …)."""
        parents = {m.id.rsplit(".", 1)[0] for m in self.movements if "." in m.id}
        return parents.pop() if len(parents) == 1 else "header"

    def _section_refs(self) -> list[tuple[str, str]]:
        refs = [("header.section", self.header.section), ("period.section", self.period.section),
                ("award.section", self.award.section), ("dossier.copies.section", self.dossier.copies.section)]
        if self.anniversary:
            refs.append(("anniversary.section", self.anniversary.section))
        refs.append(("general_movement.section", self.general_movement.section))
        for name in ("documents", "award_kinds", "quotas", "deadlines", "criteria", "duties", "figures", "papers"):
            refs += [(f"{name}[{i}].section", item.section) for i, item in enumerate(getattr(self, name))]
        refs += [(f"award_kinds[{i}].award.section", k.award.section)
                 for i, k in enumerate(self.award_kinds) if k.award]
        refs += [(f"dossier.sets[{i}].section", s.section) for i, s in enumerate(self.dossier.sets)]
        refs += [(f"dossier.notes[{i}].section", n.section) for i, n in enumerate(self.dossier.notes)]
        refs += [(f"movements[{i}].id", m.id) for i, m in enumerate(self.movements)]
        refs += [(f"forms.submissions[{i}].section", s.section) for i, s in enumerate(self.forms.submissions)]
        return refs


class Issuing(Strict):
    """How a unit heads and signs its documents (Decree 30/2020). A field left out keeps its kind's value. In the
    text, `{name}` is the unit's name, `{lname}` the same with its kind's word in lower case ('quận An Phú'),
    `{short}` the name without that word ('An Phú'), `{kind}` the kind's label, `{city}` the directory's city."""

    issuer: str | None = None  # the official name that issues: "Ủy ban nhân dân {lname}"; default the name
    superior: str | None = None  # the body above it, first line of the header; default none
    place: str | None = None  # the place in the date line; default the city
    code: str | None = None  # the abbreviation in document numbers (".../TTr-UBND"); default asked
    council: str | None = None  # its Emulation Council; default "Hội đồng Thi đua - Khen thưởng {issuer}"
    signers: list[str] | None = None  # signature blocks offered, lines split by ' / ': "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"


class UnitKind(Strict):
    id: str
    label: str
    prefixes: list[str]
    bare_names: bool = Field(False, description="its units are also named without the prefix ('An Phú'): safe "
                                                "only where no other body bears the bare name")
    issuing: Issuing = Issuing()


class Unit(Strict):
    name: str
    kind: str
    aliases: list[str] = []
    issuing: Issuing = Issuing()


class Examples(Strict):
    """Names the replies and the form's prompts show as examples ({ex:NAME}), in the city's own names."""

    unit: str  # one unit's name, as typed after a command
    units: str  # two units' names, each in quotes
    workplace: str
    collective: str
    managing_body: str
    position: str
    issuer: str
    superior: str
    code: str
    place: str
    council: str
    functions: str


class UnitDirectory(Strict):
    city: str
    examples: Examples
    kinds: list[UnitKind]
    units: list[Unit]

    @model_validator(mode="after")
    def _kinds_resolve(self) -> UnitDirectory:
        kinds = {k.id for k in self.kinds}
        for i, u in enumerate(self.units):
            if u.kind not in kinds:
                raise ValueError(f"units[{i}].kind: unknown kind {u.kind!r}")
        return self
