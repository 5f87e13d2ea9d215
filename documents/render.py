"""Fill the plan's templates: one achievement report, or a unit's whole dossier, as .docx bytes."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate

from documents.batches import (
    Batch,
    DocumentsError,
    batches,
    is_lead,
    meetings,
    via_lead,
)
from documents.context import Context, issuer_name, meeting_context, report_context, submission_context
from documents.model import Nomination, UnitDossier
from documents.text import slug
from knowledge.loader import FORMS_DIR
from knowledge.schema import Plan

FILE_STEM = {"to_trinh": "to-trinh", "danh_sach": "danh-sach", "bien_ban": "bien-ban", "bao_cao": "bao-cao"}


def template_path(plan: Plan, document: str, procedure: str | None = None, nominee: str | None = None,
                  forms_dir: Path = FORMS_DIR) -> Path:
    """The template the plan's data names for this case."""
    return forms_dir / plan.forms.set / plan.forms.template(document, procedure, nominee).file


@lru_cache(maxsize=64)
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


def fill(path: Path, context: Context) -> bytes:
    """Render a docxtpl template; autoescape keeps the user's '&', '<', '{{ … }}' literal."""
    template = DocxTemplate(io.BytesIO(_template_bytes(path)))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def report(plan: Plan, nomination: Nomination, unit: UnitDossier) -> bytes:
    """The nominee's achievement report (báo cáo thành tích); its date is left for the reporter who signs it."""
    path = template_path(plan, "bao_cao", nomination.procedure, nomination.nominee.kind)
    return fill(path, report_context(plan, nomination, unit, None))


def _report_name(batch: Batch, position: int, n: Nomination) -> str:
    return f"{batch.key}-{position:02d}-bao-cao-{n.id}-{slug(n.nominee.name, 30)}.docx"


def dossier(plan: Plan, unit_dossier: UnitDossier, day: dt.date | None = None,
            reports_of: Collection[int] | None = None, batch_of: int | None = None,
            proposers: Mapping[str, UnitDossier] | None = None) -> dict[str, bytes]:
    """Every document of the unit's submission, by ASCII file name, in the order of the plan's dossier: per batch
    the Tờ trình, then (as the stage asks) the Biên bản of each council meeting it refers to (one per meeting,
    shared by the batches it considered), the Danh sách, and one report per nominee. `day` dates the Tờ trình (left
    blank for the clerk when None); `reports_of` limits the reports to those nominations; `batch_of`, the batches to
    the one that nomination travels in; `proposers`, the units a gathered nomination's report is headed by."""
    files: dict[str, bytes] = {}
    groups = batches(plan, unit_dossier)
    minutes = meetings(groups)
    for batch in groups:
        if batch_of is not None and all(n.id != batch_of for n in batch.nominations):
            continue
        context = submission_context(plan, unit_dossier, batch, day)
        for position, document in enumerate(batch.submission.documents, 1):
            if document == "bien_ban":
                for meeting in (m for m in minutes if m.considered(batch)):
                    if f"{meeting.key}.docx" not in files:
                        files[f"{meeting.key}.docx"] = fill(template_path(plan, document),
                                                            meeting_context(plan, unit_dossier, meeting))
            elif document != "bao_cao":
                files[f"{batch.key}-{position:02d}-{FILE_STEM[document]}.docx"] = fill(
                    template_path(plan, document), context)
            else:
                for n in batch.collectives + batch.individuals:
                    if reports_of is None or n.id in reports_of:
                        files[_report_name(batch, position, n)] = report(
                            plan, n, (proposers or {}).get(n.proposer, unit_dossier))
    return files


def gathered(plan: Plan, receiver: UnitDossier, proposers: list[UnitDossier], day: dt.date | None = None
             ) -> dict[str, bytes]:
    """A lead agency's dossier onwards: every nomination the units sent it through the lead stage, under
    its own Tờ trình, its own council's Biên bản and one Danh sách grouped by proposing unit, with the units'
    reports. Nominations of other units went through their own council: the lead's meeting is left to date."""
    by_name = {issuer_name(p): p for p in proposers}
    mine = [replace(n, proposer=name, proposer_code=p.profile.code or "", council_date=n.council_date
                    if p.unit_name == receiver.unit_name else None)
            for name, p in by_name.items() for n in p.nominations
            if via_lead(plan, n.award_kind) and is_lead(receiver.unit_name, n.lead_agency)]
    if not mine:
        raise DocumentsError(f"{receiver.unit_name}: no nomination sent to it")
    return dossier(plan, replace(receiver, nominations=mine), day, proposers=by_name)
