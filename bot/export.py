"""`python -m bot nominations export`: every submission for the secretariat, as CSV or an Excel workbook."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from knowledge.normalize import upper_first
from knowledge.schema import NOMINEE_WORDS, Plan
from storage.unit_of_work import UnitOfWork

HEADER = ("Số hồ sơ", "Đơn vị đề nghị", "Loại khen thưởng", "Đối tượng", "Tên tập thể, cá nhân", "Phong trào",
          "Trạng thái", "Thời điểm nộp (UTC)")


def submission_rows(uow: UnitOfWork, plan: Plan) -> list[tuple[object, ...]]:
    awards = {k.id: k.name for k in plan.award_kinds}
    movements = {m.id: m.title for m in plan.movements} | {"chung": plan.general_movement.label}
    rows = []
    for n in uow.nominations.submitted():
        unit = uow.units.get(n.unit_id)
        a = n.answers
        rows.append((n.id, unit.name if unit else "", awards.get(n.award_kind or "", n.award_kind),
                     upper_first(NOMINEE_WORDS.get(n.nominee_kind or "", n.nominee_kind or "")),
                     a.get("full_name") or a.get("collective_name"),
                     movements.get(a.get("movement", ""), a.get("movement")), "Đã nộp",
                     n.submitted_at.strftime("%Y-%m-%d %H:%M:%S") if n.submitted_at else ""))
    return rows


def to_csv(rows: Sequence[tuple[object, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel read Vietnamese correctly


def to_xlsx(rows: Sequence[tuple[object, ...]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Hồ sơ đã nộp"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in zip("ABCDEFGH", (9, 28, 32, 10, 34, 50, 10, 20)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
