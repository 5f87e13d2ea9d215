"""Submitted nominations as the documents package reads them, and a unit's dossier as files for the chat."""
from __future__ import annotations

import datetime as dt
from typing import Any

from documents.model import Nomination as DocumentNomination
from documents.model import Nominee, UnitDossier
from documents.render import dossier
from knowledge.schema import Plan
from storage.models import Nomination, Unit
from storage.unit_of_work import UnitOfWork

from handlers.events import Document
from handlers.nomination.destination import lead_agency

KINDS = {"collective": "tap_the", "individual": "ca_nhan"}
GENDERS = {"nam": "Nam", "nu": "Nữ"}
ACHIEVEMENTS = ("act", "merit", "results", "initiatives")


def _date(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _nominee(a: dict[str, Any]) -> Nominee:
    collective = a["nominee_kind"] == "collective"
    return Nominee(kind=KINDS[a["nominee_kind"]], name=a.get("collective_name" if collective else "full_name", ""),  # type: ignore[arg-type]
                   gender=GENDERS.get(a.get("gender", "")), birth=a.get("birth"), position=a.get("position"),
                   workplace=a.get("workplace"), managing_body=a.get("managing_body"), head=a.get("head"),
                   members=a.get("members"))


def document_nomination(plan: Plan, n: Nomination) -> DocumentNomination:
    a = n.answers
    movement = next((m for m in plan.movements if m.id == a.get("movement")), None)
    return DocumentNomination(
        id=n.id, award_kind=a["award_kind"], movement_id=movement.id if movement else None,  # type: ignore[arg-type]
        movement_name=movement.title if movement else "", nominee=_nominee(a),
        lead_agency=lead_agency(plan, a),
        achievements={k: a[k] for k in ACHIEVEMENTS if k in a}, council_date=_date(a.get("council_date")),
        submitted_at=n.submitted_at)


def unit_dossier(uow: UnitOfWork, plan: Plan, unit: Unit) -> UnitDossier:
    """Every submitted nomination of the unit, as the documents read them."""
    submitted = [document_nomination(plan, n) for n in uow.nominations.submitted(unit.id)]
    return UnitDossier(unit.name, unit.unit_class, submitted)


def unit_files(uow: UnitOfWork, plan: Plan, unit: Unit, today: dt.date, viewer: int, member: bool,
               just_submitted: int | None = None) -> list[Document]:
    """The unit's dossier as `viewer` may see it. A member of the unit gets its Tờ trình, Biên bản and Danh sách
    with every submitted nomination of the unit; anyone else, documents made of their own nominations alone. The
    reports (a nominee's personal details) are only of the viewer's own nominations. With `just_submitted`, the
    documents of the batch that nomination travels in, and its report."""
    nominations = [n for n in uow.nominations.submitted(unit.id) if member or n.user_id == viewer]
    if not nominations:
        return []
    visible = UnitDossier(unit.name, unit.unit_class, [document_nomination(plan, n) for n in nominations])
    own = {n.id for n in nominations if n.user_id == viewer}  # type: ignore[misc]
    files = dossier(plan, visible, today, reports_of={just_submitted} if just_submitted else own,
                    batch_of=just_submitted)
    return [Document(name, data, "Dự thảo để in, ký, đóng dấu") for name, data in files.items()]
