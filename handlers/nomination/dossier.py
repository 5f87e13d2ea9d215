"""Submitted nominations as the documents package reads them, and a unit's dossier as files for the chat."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from documents.model import Nomination as DocumentNomination
from documents.model import ACHIEVEMENT_KEYS, LINE_DETAILS, PARAGRAPH_DETAILS, Nominee, UnitDossier
from documents.batches import DocumentsError
from documents.files import with_pdfs, zipped
from documents.render import dossier
from documents.text import slug
from knowledge.schema import Plan, UnitDirectory
from storage.models import Nomination, Unit
from storage.unit_of_work import UnitOfWork

from handlers.events import Document
from handlers.nomination.destination import lead_agency
from handlers.unit_profile import profile_of

GENDERS = {"nam": "Nam", "nu": "Nữ"}
ACHIEVEMENTS = tuple(k for keys in ACHIEVEMENT_KEYS.values() for k in keys)
CAPTION = "Dự thảo để in, ký, đóng dấu"
ENCLOSED = ("paper", "file")  # a paper's answers that put it in the dossier
DETAILS = (*LINE_DETAILS, *PARAGRAPH_DETAILS)  # the report's optional particulars, answered under these keys


def _date(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _nominee(a: dict[str, Any]) -> Nominee:
    collective = a["nominee_kind"] == "collective"
    return Nominee(kind=a["nominee_kind"], name=a.get("collective_name" if collective else "full_name", ""),  # type: ignore[arg-type]
                   gender=GENDERS.get(a.get("gender", "")), birth=a.get("birth"), position=a.get("position"),
                   workplace=a.get("workplace"), managing_body=a.get("managing_body"), head=a.get("head"),
                   members=a.get("members"), details={k: a[k] for k in DETAILS if a.get(k)})


def document_nomination(plan: Plan, n: Nomination) -> DocumentNomination:
    a = n.answers
    movement = next((m for m in plan.movements if m.id == a.get("movement")), None)
    kind = plan.award_kind(a["award_kind"])
    if kind is None:
        raise DocumentsError(f"nomination {n.id}: award kind {a['award_kind']!r} is not in plan {plan.id!r}")
    return DocumentNomination(
        id=n.id, award_kind=kind.id, procedure=kind.procedure, movement_id=movement.id if movement else None,
        movement_name=movement.title if movement else "", movement_short=movement.short if movement else "",
        nominee=_nominee(a),
        lead_agency=lead_agency(plan, a),
        achievements={k: a[k] for k in ACHIEVEMENTS if k in a}, council_date=_date(a.get("council_date")),
        submitted_at=n.submitted_at, outside_management=a.get("managed") == "no", summary=a.get("summary", ""),
        enclosed=tuple(p.name for p in plan.papers if not p.made and a.get(f"paper.{p.id}") in ENCLOSED))


def unit_dossier(uow: UnitOfWork, plan: Plan, units: UnitDirectory, unit: Unit) -> UnitDossier:
    """Every submitted nomination of the unit, as the documents read them."""
    submitted = [document_nomination(plan, n) for n in uow.nominations.submitted(unit.id)]
    return UnitDossier(unit.name, unit.unit_class, submitted, profile_of(units, unit))


def unit_documents(uow: UnitOfWork, plan: Plan, units: UnitDirectory, unit: Unit, viewer: int, member: bool,
                   just_submitted: int | None = None, pdf: bool = False, archive: bool = False
                   ) -> Callable[[], list[Document]] | None:
    """The unit's dossier as `viewer` may see it, read now and made by the function returned (after the transaction:
    rendering takes a while); None when there is nothing to see. A member of the unit gets its Tờ trình, Biên bản and
    Danh sách with every submitted nomination of the unit; anyone else, documents made of their own nominations
    alone. The reports (a nominee's personal details) are only of the viewer's own nominations. With
    `just_submitted`, the documents of the batch that nomination travels in, and its report. `pdf`: a PDF beside
    each DOCX when LibreOffice is installed; `archive`: everything in one ZIP."""
    nominations = [n for n in uow.nominations.submitted(unit.id) if member or n.user_id == viewer]
    if not nominations:
        return None
    visible = UnitDossier(unit.name, unit.unit_class, [document_nomination(plan, n) for n in nominations],
                          profile_of(units, unit))
    own = {n.id for n in nominations if n.user_id == viewer}  # type: ignore[misc]

    def make() -> list[Document]:
        files = dossier(plan, visible, reports_of={just_submitted} if just_submitted else own,
                        batch_of=just_submitted)
        files = {f"{slug(unit.name)}-{name}": data for name, data in (with_pdfs(files) if pdf else files).items()}
        if archive:  # the unit in every name: files of several units never overwrite each other
            return [Document(f"ho-so-{slug(unit.name)}.zip", zipped(files), CAPTION)]
        return [Document(name, data, CAPTION) for name, data in files.items()]
    return make


def accepted_dossiers(uow: UnitOfWork, plan: Plan, units: UnitDirectory, body: str, receiver: str
                      ) -> tuple[UnitDossier, list[UnitDossier]]:
    """A receiving body as a unit named `receiver` (its stored profile, else the directory's), and what the body
    accepted, as each proposing unit's dossier: the body's own dossier onwards is made of these alone."""
    by_unit: dict[int, list[Nomination]] = {}
    for n in uow.nominations.accepted(body):
        by_unit.setdefault(n.unit_id, []).append(n)  # type: ignore[arg-type]
    proposers = []
    for unit_id, nominations in by_unit.items():
        unit = uow.units.get(unit_id)
        if unit is not None:
            proposers.append(UnitDossier(unit.name, unit.unit_class,
                                         [document_nomination(plan, n) for n in nominations], profile_of(units, unit)))
    stored = uow.units.named(receiver)
    own = stored or Unit(name=receiver, unit_class="", profile={})
    return UnitDossier(receiver, own.unit_class, [], profile_of(units, own)), proposers
