"""`python -m bot nominations export`: every submission for the secretariat, as CSV or an Excel workbook.

Rows stream from the database a page at a time into the file, so that memory stays flat however many there are."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from knowledge.normalize import upper_first
from knowledge.schema import GENERAL_MOVEMENT, NOMINEE_WORDS, Plan
from storage.unit_of_work import UnitOfWork

HEADER = ("Số hồ sơ", "Đơn vị đề nghị", "Loại khen thưởng", "Đối tượng", "Tên tập thể, cá nhân", "Phong trào",
          "Trạng thái", "Thời điểm nộp (UTC)")
WIDTHS = (9, 28, 32, 10, 34, 50, 10, 20)


def submission_rows(uow: UnitOfWork, plan: Plan) -> Iterator[tuple[object, ...]]:
    awards = {k.id: k.name for k in plan.award_kinds}
    movements = {m.id: m.title for m in plan.movements} | {GENERAL_MOVEMENT: plan.general_movement.label}
    units: dict[int | None, str] = {}
    for n in uow.nominations.each_submitted():
        if n.unit_id not in units:
            unit = uow.units.get(n.unit_id)
            units[n.unit_id] = unit.name if unit else ""
        a = n.answers
        yield (n.id, units[n.unit_id], awards.get(n.award_kind or "", n.award_kind),
               upper_first(NOMINEE_WORDS.get(n.nominee_kind or "", n.nominee_kind or "")),
               a.get("full_name") or a.get("collective_name"),
               movements.get(a.get("movement", ""), a.get("movement")), "Đã nộp",
               n.submitted_at.strftime("%Y-%m-%d %H:%M:%S") if n.submitted_at else "")


def write_csv(rows: Iterable[tuple[object, ...]], out: BinaryIO) -> int:
    """The rows as CSV, written as they come; the number written."""
    # the BOM lets Excel read Vietnamese correctly
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(HEADER)
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
    text.flush()
    text.detach()
    return count


def write_xlsx(rows: Iterable[tuple[object, ...]], out: BinaryIO) -> int:
    """The rows as a workbook (openpyxl's write-only mode: rows go to a temporary file, not to memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ đã nộp")
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for title in HEADER:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for count, row in enumerate(rows, 1):
        sheet.append(list(row))
    book.save(out)
    return count
