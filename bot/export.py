"""`python -m bot nominations export`: every submission for the secretariat, each with where it stands (the words of
`handlers/standing.py`), then those returned to their officers, as CSV or an Excel workbook; the
workbook also has the overview (`handlers/overview.py`) on a sheet of its own, with a chart of each unit's quota
used.

Rows stream from the database a page at a time into the file, so that memory stays flat however many there are."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, BinaryIO

from handlers.overview import STAGE_WORDS, Overview
from handlers.standing import WORDS, standing
from knowledge.normalize import upper_first
from knowledge.schema import GENERAL_MOVEMENT, NOMINEE_WORDS, Plan
from storage.unit_of_work import UnitOfWork

HEADER = ("Số hồ sơ", "Đơn vị đề nghị", "Loại khen thưởng", "Đối tượng", "Tên tập thể, cá nhân", "Phong trào",
          "Trạng thái", "Thời điểm nộp (UTC)")
WIDTHS = (9, 28, 32, 10, 34, 50, 14, 20)
SUMMARY = "Tổng hợp"
SUMMARY_HEADER = ("Khối", "Đơn vị", "Chỉ tiêu", "Đã dùng", "Còn lại", *(upper_first(w) for w in STAGE_WORDS.values()),
                  "Hạn nộp", "Số ngày còn lại")
SUMMARY_WIDTHS = (30, 34, 9, 9, 9, 9, 13, 12, 9, 12, 15)


def submission_rows(uow: UnitOfWork, plan: Plan) -> Iterator[tuple[object, ...]]:
    awards = {k.id: k.name for k in plan.award_kinds}
    movements = {m.id: m.title for m in plan.movements} | {GENERAL_MOVEMENT: plan.general_movement.label}
    units: dict[int | None, str] = {}
    for n in chain(uow.nominations.each_submitted(), uow.nominations.returned()):
        if n.unit_id not in units:
            unit = uow.units.get(n.unit_id)
            units[n.unit_id] = unit.name if unit else ""
        a = n.answers
        yield (n.id, units[n.unit_id], awards.get(n.award_kind or "", n.award_kind),
               upper_first(NOMINEE_WORDS.get(n.nominee_kind or "", n.nominee_kind or "")),
               a.get("full_name") or a.get("collective_name"),
               movements.get(a.get("movement", ""), a.get("movement")),
               upper_first(WORDS[standing(n.status, n.review)]),
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


def write_xlsx(rows: Iterable[tuple[object, ...]], out: BinaryIO, overview: Overview | None = None) -> int:
    """The rows as a workbook (openpyxl's write-only mode: rows go to a temporary file, not to memory), and the
    overview's sheet beside them when given."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = _sheet(book, "Hồ sơ đã nộp", HEADER, WIDTHS)
    count = 0
    for count, row in enumerate(rows, 1):
        sheet.append(list(row))
    if overview is not None:
        _summary(_sheet(book, SUMMARY, SUMMARY_HEADER, SUMMARY_WIDTHS), overview)
    book.save(out)
    return count


def _sheet(book: Any, title: str, header: Sequence[str], widths: Sequence[int]) -> Any:
    """A write-only sheet with its columns' widths and a bold header row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _summary(sheet: Any, overview: Overview) -> None:
    """A row per unit (each class's units together), then a row per class, and a bar chart of the units' quota
    and what is used of it, drawn from the unit rows."""
    from openpyxl.chart import BarChart, Reference

    def row(label: str, name: str, line: Any, deadline: str, days: int | None) -> list[object]:
        return [label, name, line.quota, line.used, line.left, *(line.counts[s] for s in STAGE_WORDS), deadline,
                days]

    def due(view: Any) -> tuple[str, int | None]:
        return (view.deadline.last_day.strftime("%d/%m/%Y") if view.deadline else "", view.days_left)

    for view in overview.classes:
        for line in view.units:
            sheet.append(row(upper_first(view.unit_class.label), line.name, line, *due(view)))
    units = len(overview.units)
    sheet.append([])
    for view in overview.classes:
        sheet.append(row(upper_first(view.unit_class.label), "Cả khối", view.total, *due(view)))
    if not units:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "clustered", -10
    chart.title, chart.y_axis.title = "Chỉ tiêu đã dùng theo đơn vị", "Số hồ sơ"
    chart.add_data(Reference(sheet, min_col=3, max_col=4, min_row=1, max_row=units + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=units + 1))
    chart.width, chart.height = 18, max(8.0, 0.45 * units)
    sheet.add_chart(chart, "M2")
