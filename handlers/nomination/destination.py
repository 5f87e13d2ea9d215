"""Where a nomination goes, from the plan's data alone: the body that receives it (the Tờ trình's "Kính gửi"), the
section that says so, and the documents of that dossier. The wizard shows it, notices go to it, and the documents
address it: one answer, so the three always agree."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from documents.batches import DOCUMENT_LABELS, stage_for, via_lead
from knowledge.schema import Plan


@dataclass(frozen=True)
class Destination:
    body: str
    section: str
    documents: tuple[str, ...]

    @property
    def document_labels(self) -> list[str]:
        return [DOCUMENT_LABELS[d] for d in self.documents]


def lead_agency(plan: Plan, answers: dict[str, Any]) -> str:
    """The lead agency of the chosen movement, or the plan's receiver for nominations outside every movement."""
    movement = next((m for m in plan.movements if m.id == answers.get("movement")), None)
    return movement.lead if movement else plan.general_movement.receiver


def receiving_bodies(plan: Plan) -> list[str]:
    """Every body a nomination of the plan may go to: the movements' lead agencies, the plan's general receiver and
    the fixed addressees of its dossier stages."""
    addressees = [plan.forms.submission(s.stage).addressee for s in plan.dossier.sets]
    named = [*(m.lead for m in plan.movements), plan.general_movement.receiver, *addressees]
    return list(dict.fromkeys(b for b in named if b))


def lead_bodies(plan: Plan) -> list[str]:
    """The bodies that gather units' nominations into a dossier of their own (a lead agency's own stage): the
    movements' lead agencies, when the plan routes some dossier through them."""
    routed = any(via_lead(plan, kind.id) for kind in plan.award_kinds)
    return list(dict.fromkeys(m.lead for m in plan.movements if m.lead)) if routed else []


def destination(plan: Plan, answers: dict[str, Any], unit_name: str) -> Destination | None:
    """None until the answers decide it: the award kind, and the movement when the stage goes to its lead."""
    award = answers.get("award_kind")
    if award is None:
        return None
    lead = lead_agency(plan, answers)
    submission = stage_for(plan, award, unit_name, lead)
    if submission.addressee is None and "movement" not in answers:
        return None
    general = submission.addressee is None and answers["movement"] not in {m.id for m in plan.movements}
    section = plan.general_movement.section if general else submission.section
    return Destination(submission.addressee or lead, section, tuple(submission.documents))
