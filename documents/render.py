"""Fill the plan's templates: one achievement report, or a unit's whole dossier, as .docx bytes."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate

from documents.batches import Batch, batches, forms_of
from documents.context import Context, report_context, submission_context
from documents.model import Nomination, UnitDossier
from documents.text import slug
from knowledge.loader import FORMS_DIR
from knowledge.schema import Plan

NOMINEE = {"tap_the": "collective", "ca_nhan": "individual"}
FILE_STEM = {"to_trinh": "to-trinh", "danh_sach": "danh-sach", "bien_ban": "bien-ban", "bao_cao": "bao-cao"}


def template_path(plan: Plan, document: str, award: str | None = None, nominee: str | None = None,
                  forms_dir: Path = FORMS_DIR) -> Path:
    """The template the plan's data names for this case."""
    forms = forms_of(plan)
    return forms_dir / forms.set / forms.template(document, award, nominee).file


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


def report(plan: Plan, nomination: Nomination, unit: UnitDossier, today: dt.date | None = None) -> bytes:
    """The nominee's achievement report (báo cáo thành tích); dated `today`, else the submission day, else blank."""
    day = today or (nomination.submitted_at.date() if nomination.submitted_at else None)
    path = template_path(plan, "bao_cao", nomination.award_kind, NOMINEE[nomination.nominee.kind])
    return fill(path, report_context(plan, nomination, unit, day))


def _report_name(batch: Batch, position: int, n: Nomination) -> str:
    return f"{batch.key}-{position:02d}-bao-cao-{n.id}-{slug(n.nominee.name, 30)}.docx"


def dossier(plan: Plan, unit_dossier: UnitDossier, today: dt.date, reports_of: Collection[int] | None = None,
            batch_of: int | None = None) -> dict[str, bytes]:
    """Every document of the unit's submission, by ASCII file name, in the order of the plan's dossier: per batch
    the Tờ trình, then (as the stage asks) the Biên bản, the Danh sách, and one report per nominee. `reports_of`
    limits the reports to those nominations; `batch_of`, the batches to the one that nomination travels in."""
    files: dict[str, bytes] = {}
    for batch in batches(plan, unit_dossier):
        if batch_of is not None and all(n.id != batch_of for n in batch.nominations):
            continue
        context = submission_context(plan, unit_dossier, batch, today)
        for position, document in enumerate(batch.submission.documents, 1):
            if document != "bao_cao":
                files[f"{batch.key}-{position:02d}-{FILE_STEM[document]}.docx"] = fill(
                    template_path(plan, document), context)
                continue
            for n in batch.collectives + batch.individuals:
                if reports_of is None or n.id in reports_of:
                    files[_report_name(batch, position, n)] = report(plan, n, unit_dossier, today)
    return files
