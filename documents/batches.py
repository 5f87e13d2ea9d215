"""A unit's nominations split into submissions: one Tờ trình per award kind and receiver (per movement when the
dossier goes to the movement's lead agency), addressed as the plan's dossier stages say."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from documents.model import Nomination, UnitDossier
from documents.text import BLANK, slug
from knowledge.normalize import fold
from knowledge.schema import Plan, Submission


DOCUMENT_LABELS = {"to_trinh": "Tờ trình", "bien_ban": "Biên bản họp Hội đồng Thi đua - Khen thưởng",
                   "danh_sach": "Danh sách đề nghị khen thưởng", "bao_cao": "Báo cáo thành tích"}


class DocumentsError(Exception):
    """The plan or the dossier cannot make documents (an award kind the plan lacks, nothing to submit)."""


@dataclass(frozen=True)
class Batch:
    """Nominations that travel together under one Tờ trình."""

    key: str  # ASCII, unique within the unit's dossier: the award kind's id, and the movement's when routed by it
    award_kind: str
    submission: Submission
    lead_agency: str
    movement_name: str
    nominations: tuple[Nomination, ...]

    @property
    def collectives(self) -> list[Nomination]:
        return [n for n in self.nominations if n.nominee.is_collective]

    @property
    def individuals(self) -> list[Nomination]:
        return [n for n in self.nominations if not n.nominee.is_collective]

    @property
    def council_dates(self) -> list[dt.date]:
        return sorted({n.council_date for n in self.nominations if n.council_date})

    @property
    def addressee(self) -> str:
        return self.submission.addressee or self.lead_agency or BLANK

    @property
    def request(self) -> str:
        return self.submission.request.replace("{lead}", self.lead_agency or BLANK)


@dataclass(frozen=True)
class Meeting:
    """One meeting of the unit's Emulation Council: one Biên bản for every nominee it considered."""

    day: dt.date | None  # None: the nominations that did not say when the council met
    nominations: tuple[Nomination, ...]

    @property
    def key(self) -> str:
        return f"bien-ban-hop-{self.day.isoformat() if self.day else 'chua-ro-ngay'}"

    def considered(self, batch: Batch) -> bool:
        """Whether the meeting considered a nominee of the batch."""
        return bool({n.id for n in self.nominations} & {n.id for n in batch.nominations})


def meetings(groups: list[Batch]) -> list[Meeting]:
    """The council meetings the batches that need minutes refer to, in the order first referred to."""
    days: dict[dt.date | None, list[Nomination]] = {}
    for batch in groups:
        if "bien_ban" in batch.submission.documents:
            for n in batch.collectives + batch.individuals:
                days.setdefault(n.council_date, []).append(n)
    return [Meeting(day, tuple(items)) for day, items in days.items()]


def is_lead(unit_name: str, lead_agency: str) -> bool:
    """'Sở Nội vụ' leads 'Sở Nội vụ (Ban Thi đua - Khen thưởng)'."""
    unit, lead = fold(unit_name).strip(), fold(lead_agency).strip()
    return bool(unit) and (lead == unit or lead.startswith(unit + " ("))


def stage_for(plan: Plan, award_kind: str, unit_name: str, lead_agency: str) -> Submission:
    """The dossier stage a unit's nominations go through: a lead agency sends its own straight on."""
    stages = [s.stage for s in plan.dossier.sets if s.award == award_kind]
    if not stages:
        raise DocumentsError(f"the plan has no dossier set for {award_kind!r}")
    if len(stages) > 1:
        prefix = "lead_" if is_lead(unit_name, lead_agency) else "unit_"
        stages = [s for s in stages if s.startswith(prefix)] or stages
    return plan.forms.submission(stages[0])


def via_lead(plan: Plan, award_kind: str) -> bool:
    """Whether the plan sends the award kind's dossiers through the movement's lead agency."""
    return any(s.award == award_kind and s.stage == "unit_to_lead" for s in plan.dossier.sets)


def batches(plan: Plan, dossier: UnitDossier) -> list[Batch]:
    """Nominations together per award kind, and per movement and lead agency where the dossier goes to the
    movement's lead; order as submitted."""
    groups: dict[tuple[str, str, str], list[Nomination]] = {}
    for n in dossier.nominations:
        key = ((n.award_kind, n.movement_id or n.movement_name, n.lead_agency) if via_lead(plan, n.award_kind)
               else (n.award_kind, "", ""))
        groups.setdefault(key, []).append(n)
    if not groups:
        raise DocumentsError(f"{dossier.unit_name}: no nomination to submit")
    out = []
    for (award_kind, movement, lead), items in groups.items():
        submission = stage_for(plan, award_kind, dossier.unit_name, lead)
        key = slug(f"{award_kind} {movement}".strip(), 36)
        if any(b.key == key for b in out):
            key = f"{key}-{len(out) + 1}"
        out.append(Batch(key, award_kind, submission, lead, items[0].movement_name if movement else "", tuple(items)))
    return out
