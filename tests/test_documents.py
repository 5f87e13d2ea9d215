"""Nomination documents: every generated file opened with python-docx, its content and its Decree 30/2020 format."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from documents import DocumentsError, dossier, report, write_files
from documents.batches import batches
from documents.model import Nominee
from documents.text import BLANK, long_date, paragraphs, slug, summary
from knowledge.forms.build_templates import TEMPLATES, build
from knowledge.loader import FORMS_DIR
from knowledge.schema import Plan
from tests.documents_data import (
    HOSTILE,
    LONG,
    NFD_NAME,
    TODAY,
    collective,
    district_dossier,
    individual,
    unit,
)


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _walk(container: DocxDocument | _Cell) -> Iterator[Paragraph]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        else:
            yield from _walk_table(block)


def _walk_table(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from _walk(cell)


def all_paragraphs(doc: DocxDocument) -> list[Paragraph]:
    """Every paragraph in document order, those in tables included, each once (python-docx repeats merged cells)."""
    seen: set[int] = set()
    out = []
    for p in _walk(doc):
        if id(p._p) not in seen:
            seen.add(id(p._p))
            out.append(p)
    return out


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in all_paragraphs(doc)]


def full_text(doc: DocxDocument) -> str:
    return "\n".join(texts(doc))


def paragraph(doc: DocxDocument, starts: str) -> Paragraph:
    found = [p for p in all_paragraphs(doc) if p.text.startswith(starts)]
    assert len(found) == 1, f"{starts!r}: {len(found)} paragraphs"
    return found[0]


def run_format(p: Paragraph) -> tuple[float, bool, bool]:
    """(size in pt, bold, italic) of a paragraph's text, asserting all its runs agree."""
    runs = [r for r in p.runs if r.text.strip()]
    assert runs, p.text
    formats = {(r.font.size.pt if r.font.size else None, bool(r.font.bold), bool(r.font.italic)) for r in runs}
    assert len(formats) == 1, (p.text, formats)
    return formats.pop()


def section_between(doc: DocxDocument, start: str, end: str | None) -> list[str]:
    lines = texts(doc)
    i = next(k for k, t in enumerate(lines) if t.startswith(start))
    j = next((k for k, t in enumerate(lines) if end and k > i and t.startswith(end)), len(lines))
    return lines[i + 1:j]


@pytest.fixture(scope="module")
def files(plan: Plan) -> dict[str, bytes]:
    return dossier(plan, district_dossier(), TODAY)


@pytest.fixture(scope="module")
def docs(files: dict[str, bytes]) -> dict[str, DocxDocument]:
    return {name: open_docx(data) for name, data in files.items()}


def one(docs: dict[str, DocxDocument], pattern: str) -> DocxDocument:
    found = [d for name, d in docs.items() if re.fullmatch(pattern, name)]
    assert len(found) == 1, (pattern, sorted(docs))
    return found[0]


# --- the dossier's files -------------------------------------------------------------------------------------------

def test_dossier_has_every_document_of_each_stage_under_ascii_names(files: dict[str, bytes]) -> None:
    names = sorted(files)
    assert all(re.fullmatch(r"[a-z0-9-]+\.docx", n) for n in names), names
    tong_ket = [n for n in names if n.startswith("tong-ket-ii-2-1-")]
    dot_xuat = [n for n in names if n.startswith("dot-xuat-")]
    assert len(files) == len(tong_ket) + len(dot_xuat) + 1
    # III.5.2.a: Tờ trình with the Biên bản of the council meeting and the Danh sách, and a report per nominee.
    assert list(files)[:3] == ["tong-ket-ii-2-1-01-to-trinh.docx", "bien-ban-hop-2024-08-20.docx",
                               "tong-ket-ii-2-1-03-danh-sach.docx"]
    assert len([n for n in tong_ket if "-04-bao-cao-" in n]) == 5
    # III.5.1 (simplified procedure): no council minutes.
    assert [n for n in dot_xuat if "bao-cao" not in n] == ["dot-xuat-01-to-trinh.docx", "dot-xuat-02-danh-sach.docx"]
    assert len([n for n in dot_xuat if "-03-bao-cao-" in n]) == 2
    assert "tong-ket-ii-2-1-04-bao-cao-5-nguyen-thi-hoa.docx" in files


def test_every_file_is_a4_with_the_decree_margins_font_and_page_numbers(docs: dict[str, DocxDocument]) -> None:
    for name, doc in docs.items():
        section = doc.sections[0]
        mm = {k: round(getattr(section, k).mm, 1) for k in ("page_width", "page_height", "top_margin",
                                                             "bottom_margin", "left_margin", "right_margin")}
        assert (mm["page_width"], mm["page_height"]) == (210, 297), name  # stored in twips: to 0.1 mm
        assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25, name
        assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20, name
        normal = doc.styles["Normal"].font
        assert normal.name == "Times New Roman" and normal.size == Pt(14), name
        for p in all_paragraphs(doc):
            for r in p.runs:
                assert r.font.name in (None, "Times New Roman"), (name, r.text)
        # Page numbers top centre, none on the first page.
        assert section.different_first_page_header_footer, name
        header = section.header.paragraphs[0]._p.xml
        assert 'w:instr="PAGE"' in header and '<w:jc w:val="center"/>' in header, name
        assert not section.first_page_header.paragraphs[0].text, name


# --- format of the header, title, signature (Decree 30/2020) --------------------------------------------------------

def test_to_trinh_header_title_and_signature_sizes(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-to-trinh\.docx")
    assert run_format(paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == (12, True, False)
    tieu_ngu = paragraph(doc, "Độc lập - Tự do - Hạnh phúc")
    assert run_format(tieu_ngu) == (13, True, False)
    assert tieu_ngu._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None  # the rule under it
    assert run_format(paragraph(doc, "ỦY BAN NHÂN DÂN\nQUẬN HOÀN KIẾM")) == (13, True, False)  # broken as is custom
    assert run_format(paragraph(doc, "Số: .../TTr-UBND")) == (13, False, False)
    assert run_format(paragraph(doc, "Hoàn Kiếm, ngày 26 tháng 8 năm 2024")) == (14, False, True)
    assert run_format(paragraph(doc, "TỜ TRÌNH")) == (14, True, False)
    assert run_format(paragraph(doc, "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND Thành phố")) == (14, True, False)
    assert run_format(paragraph(doc, "Nơi nhận:")) == (12, True, True)
    assert run_format(paragraph(doc, "- Như trên;")) == (11, False, False)
    archive = paragraph(doc, "- Lưu: VT")
    assert run_format(archive) == (11, False, False) and archive.text.endswith(".")
    assert run_format(paragraph(doc, "TM. ỦY BAN NHÂN DÂN")) == (14, True, False)
    assert run_format(paragraph(doc, "KT. CHỦ TỊCH")) == (14, True, False)
    assert run_format(paragraph(doc, "PHÓ CHỦ TỊCH")) == (14, True, False)
    assert run_format(paragraph(doc, "Phạm Tuấn Long")) == (14, True, False)
    body = paragraph(doc, "Căn cứ Luật Thi đua")
    assert run_format(body) == (14, False, False)
    fmt = body.paragraph_format
    assert fmt.alignment == 3 and Mm(10) <= fmt.first_line_indent <= Mm(12.7) and fmt.space_after >= Pt(6)  # justify


def test_superior_body_is_upper_case_regular_above_the_unit(plan: Plan) -> None:
    noms = [individual(1, "Nguyễn Văn A")]
    doc = open_docx(dossier(plan, unit(noms, "Sở Xây dựng", issuer="Sở Xây dựng", superior="UBND thành phố Hà Nội",
                                       place=None, code="SXD"), TODAY)["tong-ket-ii-2-1-01-to-trinh.docx"])
    cell = doc.tables[0].rows[0].cells[0]
    lines = [p.text for p in cell.paragraphs if p.text]
    assert lines == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ XÂY DỰNG"]
    assert run_format(paragraph(doc, "UBND THÀNH PHỐ HÀ NỘI")) == (13, False, False)
    assert paragraph(doc, "Số: .../TTr-SXD")
    # With no place of its own, the date line is in the plan's city (plan data, not code).
    assert paragraph(doc, "Hà Nội, ngày 26 tháng 8 năm 2024")


def test_place_name_comes_from_the_plan(plan: Plan) -> None:
    elsewhere = plan.model_copy(update={"city": "Huế"})
    noms = [individual(1, "Nguyễn Văn A")]
    doc = open_docx(report(elsewhere, noms[0], unit(noms, place=None)))
    assert paragraph(doc, "Huế, ngày …… tháng …… năm ……")  # dated by the reporter who signs it


@pytest.mark.parametrize(("day", "words"), [
    (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
    (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 3, 1), "ngày 01 tháng 3 năm 2024"),
    (dt.date(2024, 12, 9), "ngày 09 tháng 12 năm 2024"),
    (None, "ngày …… tháng …… năm ……"),
])
def test_dates_have_leading_zeros_for_days_below_10_and_months_1_and_2(day: dt.date | None, words: str) -> None:
    assert long_date(day) == words


# --- Tờ trình ---------------------------------------------------------------------------------------------------------

def test_to_trinh_goes_to_the_movements_lead_agency_with_the_legal_bases(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-to-trinh\.docx")
    lines = texts(doc)
    assert "Kính gửi: Sở Xây dựng" in lines
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in lines
    assert any(t.startswith("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023") for t in lines)
    plan_basis = paragraph(doc, "Căn cứ Kế hoạch số .../KH-UBND").text
    assert "thành phố Hà Nội" in plan_basis and "70 năm Ngày Giải phóng Thủ đô" in plan_basis
    assert "(Mục III, điểm 4.2 và Mục III, điểm 5.2, tiết a);" in plan_basis
    assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng quận ngày 20 tháng 8 năm 2024;" in lines
    request = paragraph(doc, "Ủy ban nhân dân quận Hoàn Kiếm kính đề nghị Sở Xây dựng xem xét, tổng hợp, trình").text
    assert "phong trào thi đua thúc đẩy xây dựng đô thị văn minh" in request and request.endswith("./.")


def test_ad_hoc_to_trinh_goes_to_the_chairman_without_council_minutes(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"dot-xuat-.*-to-trinh\.docx")
    lines = texts(doc)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội" in lines
    assert not any("Biên bản" in t for t in lines)
    assert "(Mục III, điểm 4.1 và Mục III, điểm 5.1);" in paragraph(doc, "Căn cứ Kế hoạch số").text
    assert "cho 01 tập thể và 01 cá nhân có thành tích xuất sắc đột xuất:" in full_text(doc)
    # Each nominee and the act, named in the Tờ trình itself.
    named = [t for t in texts(doc) if t.startswith("- ")][:2]
    assert named[0].startswith("- tập thể ") and named[0].endswith(": Kịp thời dập tắt đám cháy;")
    assert named[1].startswith("- bà ") and named[1].endswith(": Dũng cảm cứu người trong vụ cháy số 7.")
    assert "(Có danh sách và báo cáo tóm tắt thành tích kèm theo)./." in texts(doc)


def test_a_lead_agency_sends_its_own_to_the_chairman_through_the_board(plan: Plan) -> None:
    noms = [individual(1, "Nguyễn Văn A")]
    lead = unit(noms, "Sở Xây dựng")
    assert [b.submission.stage for b in batches(plan, lead)] == ["lead_to_chairman"]
    doc = open_docx(dossier(plan, lead, TODAY)["tong-ket-ii-2-1-01-to-trinh.docx"])
    assert ("Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (qua Ban Thi đua - Khen thưởng Thành phố)"
            in texts(doc))
    assert "(Mục III, điểm 4.2 và Mục III, điểm 5.2, tiết b);" in paragraph(doc, "Căn cứ Kế hoạch số").text


def test_a_movement_without_lead_agency_leaves_the_receiver_to_fill(plan: Plan) -> None:
    n = dataclasses.replace(individual(1, "Nguyễn Văn A"), lead_agency="")
    doc = open_docx(dossier(plan, unit([n]), TODAY)["tong-ket-ii-2-1-01-to-trinh.docx"])
    assert "Kính gửi: " + BLANK in texts(doc)
    assert paragraph(doc, "Ủy ban nhân dân quận Hoàn Kiếm kính đề nghị " + BLANK + " xem xét, tổng hợp")


def _counts(sentence: str) -> tuple[int, int]:
    collectives = re.search(r"(\d+) tập thể", sentence)
    individuals = re.search(r"(\d+) cá nhân", sentence)
    return (int(collectives.group(1)) if collectives else 0, int(individuals.group(1)) if individuals else 0)


def _list_rows(doc: DocxDocument) -> tuple[list[str], list[str]]:
    """Names in the Danh sách's collective part and individual part."""
    parts: dict[str, list[str]] = {}
    current = None
    for row in doc.tables[1].rows[1:]:
        first = row.cells[0].text
        if first.endswith(("TẬP THỂ", "CÁ NHÂN")):
            current = first.split(". ", 1)[1]
            parts[current] = []
        elif current:
            assert first.isdigit()
            parts[current].append(row.cells[1].text)
    return parts.get("TẬP THỂ", []), parts.get("CÁ NHÂN", [])


@pytest.mark.parametrize("key", ["tong-ket-ii-2-1", "dot-xuat"])
def test_counts_in_to_trinh_equal_rows_in_danh_sach_and_bien_ban(docs: dict[str, DocxDocument], key: str) -> None:
    to_trinh = one(docs, rf"{key}-\d\d-to-trinh\.docx")
    danh_sach = one(docs, rf"{key}-\d\d-danh-sach\.docx")
    asked = _counts(paragraph(to_trinh, "Ủy ban nhân dân quận Hoàn Kiếm kính đề nghị").text)
    collectives, individuals = _list_rows(danh_sach)
    assert asked == (len(collectives), len(individuals))
    assert _counts(paragraph(danh_sach, "Tổng số:").text) == asked
    reports = [n for n in docs if n.startswith(key) and "-bao-cao-" in n]
    assert len(reports) == sum(asked)
    if key == "tong-ket-ii-2-1":
        assert asked == (2, 3)
        bien_ban = one(docs, r"bien-ban-hop-.*\.docx")
        votes = [r.cells[1].text for r in bien_ban.tables[1].rows[1:]]
        assert votes == collectives + individuals
        assert _counts(paragraph(bien_ban, "Nội dung:").text.rsplit("xem xét:", 1)[1]) == asked


def test_danh_sach_lists_each_nominee_in_its_part(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-danh-sach\.docx")
    collectives, individuals = _list_rows(doc)
    assert collectives == ["Phòng Quản lý đô thị quận Hoàn Kiếm", "Tổ dân phố số 5, phường Hàng Bạc"]
    assert individuals == [HOSTILE, "Đỗ Văn Dài", unicodedata.normalize("NFC", NFD_NAME)]
    row = next(r for r in doc.tables[1].rows if r.cells[1].text == "Đỗ Văn Dài")
    cells = [c.text for c in row.cells]
    assert cells[:5] == ["2", "Đỗ Văn Dài", "1984", "Nam", "Chuyên viên bậc 4, Phòng Quản lý đô thị số 4"]
    assert cells[5] == summary(LONG, limit=160)  # its first sentence, cut at a word
    assert cells[6] == ""
    assert "(Kèm theo Tờ trình số .../TTr-UBND ngày 26/08/2024 của Ủy ban nhân dân quận Hoàn Kiếm)" in texts(doc)


def test_bien_ban_is_a_skeleton_with_the_council_date_and_vote_lines(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"bien-ban-hop-.*\.docx")
    assert paragraph(doc, "Số: .../BB-HĐTĐKT")
    assert paragraph(doc, "Họp Hội đồng Thi đua - Khen thưởng quận")
    assert paragraph(doc, "BIÊN BẢN")
    assert "ngày 20 tháng 8 năm 2024" in paragraph(doc, "Thời gian bắt đầu:").text
    for row in doc.tables[1].rows[1:]:
        assert row.cells[2].text == row.cells[3].text == ""  # votes written by hand
    assert paragraph(doc, "THƯ KÝ") and paragraph(doc, "CHỦ TỊCH HỘI ĐỒNG")


# --- achievement reports ------------------------------------------------------------------------------------------

def test_individual_report_has_each_field_once_in_its_place(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-bao-cao-4-do-van-dai\.docx")
    text = full_text(doc)
    fields = {"- Họ và tên (ghi đầy đủ, không viết tắt): ": "Đỗ Văn Dài", "- Sinh ngày, tháng, năm: ": "05/03/1984",
              "- Giới tính: ": "Nam", "- Đơn vị công tác: ": "Phòng Quản lý đô thị số 4",
              "- Cơ quan quản lý: ": "UBND quận Hoàn Kiếm", "- Chức vụ (Đảng, chính quyền, đoàn thể): ": "Chuyên viên bậc 4"}
    for label, value in fields.items():
        assert paragraph(doc, label).text == label + value
        assert text.count(value) == (2 if value == "Đỗ Văn Dài" else 1), value  # the name also under the signature
    assert section_between(doc, "I. SƠ LƯỢC LÝ LỊCH", "II.")[0].startswith("- Họ và tên")
    assert section_between(doc, "1. Quyền hạn, nhiệm vụ", "2. Kết quả") == ["\t"] * 3
    assert "- Dân tộc: \t" in texts(doc)  # not collected: a dotted line to fill by hand
    assert "- Tôn giáo: \t" in texts(doc)
    assert paragraph(doc, "BÁO CÁO THÀNH TÍCH")
    assert paragraph(doc, "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND THÀNH PHỐ")
    assert "phong trào thi đua thúc đẩy xây dựng đô thị văn minh" in paragraph(doc, "(Thành tích trong").text
    assert paragraph(doc, "NGƯỜI BÁO CÁO THÀNH TÍCH") and paragraph(doc, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")
    assert run_format(paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == (12, True, False)


def test_campaign_achievements_fill_the_reports_sections(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-bao-cao-3-.*\.docx")
    results = section_between(doc, "2. Kết quả thực hiện các chỉ tiêu", "3. Sáng kiến")
    assert results == ["Hoàn thành 100% chỉ tiêu được giao.", "Chỉnh trang 12 tuyến phố."]
    assert section_between(doc, "3. Sáng kiến", "III.") == ["Sáng kiến số hoá hồ sơ 3."]
    body = paragraph(doc, "Hoàn thành 100% chỉ tiêu được giao.")
    assert body.paragraph_format.first_line_indent and body.paragraph_format.alignment == 3


def test_collective_report_puts_managing_body_and_name_in_the_header(docs: dict[str, DocxDocument]) -> None:
    doc = one(docs, r"tong-ket-.*-bao-cao-1-.*\.docx")
    header = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert header == ["ỦY BAN NHÂN DÂN\nPHƯỜNG SỐ 1", "PHÒNG QUẢN LÝ ĐÔ THỊ\nQUẬN HOÀN KIẾM"]
    assert paragraph(doc, "- Tên tập thể").text.endswith(": Phòng Quản lý đô thị quận Hoàn Kiếm")
    assert full_text(doc).count("Phòng Quản lý đô thị quận Hoàn Kiếm") == 1
    assert paragraph(doc, "- Tổng số thành viên: ").text == "- Tổng số thành viên: 21"
    assert section_between(doc, "1. Kết quả thực hiện", "2. Sáng kiến") == ["Hoàn thành vượt 10% kế hoạch."]
    assert paragraph(doc, "THỦ TRƯỞNG ĐƠN VỊ") and full_text(doc).count("Lê Văn Trưởng 1") == 1
    assert run_format(paragraph(doc, "Lê Văn Trưởng 1")) == (14, True, False)


def test_ad_hoc_reports_tell_the_act_and_the_merit(docs: dict[str, DocxDocument]) -> None:
    person = one(docs, r"dot-xuat-.*-bao-cao-7-.*\.docx")
    assert paragraph(person, "BÁO CÁO TÓM TẮT THÀNH TÍCH")
    assert paragraph(person, "(Thành tích xuất sắc đột xuất)")
    assert section_between(person, "1. Hành động", "2. Công trạng") == ["Dũng cảm cứu người trong vụ cháy số 7."]
    assert section_between(person, "2. Công trạng", "THỦ TRƯỞNG ĐƠN VỊ") == ["Cứu sống 7 người.", ""]
    assert "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" not in texts(person)  # the short report of Điều 85
    group = one(docs, r"dot-xuat-.*-bao-cao-6-.*\.docx")
    assert section_between(group, "1. Hành động", "2. Công trạng") == ["Kịp thời dập tắt đám cháy."]
    assert "ĐỘI CẢNH SÁT PCCC\nQUẬN HOÀN KIẾM" in texts(group)


def test_missing_answers_leave_dots_to_fill_by_hand(plan: Plan) -> None:
    full = individual(1, "Nguyễn Văn A")
    bare = dataclasses.replace(full, achievements={}, nominee=Nominee("individual", "Nguyễn Văn A"))
    doc = open_docx(report(plan, bare, unit([bare])))
    assert paragraph(doc, "- Giới tính: ").text == "- Giới tính: \t"
    assert section_between(doc, "2. Kết quả thực hiện", "3. Sáng kiến") == ["\t"] * 3
    # Dated by the reporter who signs it.
    assert paragraph(doc, "Hoàn Kiếm, ngày …… tháng …… năm ……")


# --- user text: escaping, Unicode, length --------------------------------------------------------------------------

def test_hostile_text_is_rendered_literally(files: dict[str, bytes], docs: dict[str, DocxDocument]) -> None:
    for pattern in (r"tong-ket-.*-bao-cao-3-.*\.docx", r"tong-ket-.*-danh-sach\.docx", r"bien-ban-hop-.*\.docx"):
        text = full_text(one(docs, pattern))
        assert text.count(HOSTILE) == (2 if "bao-cao" in pattern else 1), pattern  # a report: under the signature
        assert "49" not in text and "Trần x" not in text
    report_doc = one(docs, r"tong-ket-.*-bao-cao-3-.*\.docx")
    assert paragraph(report_doc, "- Họ và tên").text.endswith(": " + HOSTILE)
    data = next(v for k, v in files.items() if "-bao-cao-3-" in k)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "Trần {{ 7*7 }} {% if 1 %}x{% endif %} &lt;w:t&gt; &amp; Co" in xml


def test_unicode_is_nfc_everywhere(docs: dict[str, DocxDocument]) -> None:
    name = unicodedata.normalize("NFC", NFD_NAME)
    for doc in docs.values():
        for t in texts(doc):
            assert unicodedata.normalize("NFC", t) == t, t
    assert full_text(one(docs, r"tong-ket-.*-bao-cao-5-.*\.docx")).count(name) == 2  # and under the signature
    assert slug(NFD_NAME) == "nguyen-thi-hoa"


def test_a_5000_character_achievement_is_one_whole_wrapped_paragraph(docs: dict[str, DocxDocument]) -> None:
    assert len(LONG) == 5000
    doc = one(docs, r"tong-ket-.*-bao-cao-4-.*\.docx")
    assert section_between(doc, "2. Kết quả thực hiện", "3. Sáng kiến") == [LONG]
    p = paragraph(doc, LONG[:60])
    assert p.paragraph_format.alignment == 3  # justified: Word wraps it over the lines it needs


def test_a_summary_is_the_first_sentences_that_fit_cut_at_a_word() -> None:
    assert summary("Cứu 3 người. Sau đó báo tin.") == "Cứu 3 người. Sau đó báo tin"
    assert summary("Cứu 3 người. Sau đó báo tin.", limit=15) == "Cứu 3 người"
    assert summary("Một hai ba bốn năm", limit=9) == "Một hai…"
    assert summary("") == summary(None) == ""


def test_control_characters_are_dropped_and_lines_become_paragraphs() -> None:
    # A vertical tab (Word's Shift+Enter) breaks the line; NUL and zero-width marks go.
    assert paragraphs("a\x0bb\x00c\r\n\r\n  d\u200b  e ") == ["a", "b c", "d e"]
    assert paragraphs("") == paragraphs(None) == []


def test_control_characters_in_user_text_still_make_a_valid_file(plan: Plan) -> None:
    n = individual(1, "Nguyễn\x0b Văn\x00 A", results="dòng một\x0c dòng hai\x1f")
    doc = open_docx(report(plan, n, unit([n])))
    assert paragraph(doc, "- Họ và tên").text.endswith(": Nguyễn Văn A")


# --- data wiring and errors ----------------------------------------------------------------------------------------

def test_committed_templates_are_what_the_builder_makes(tmp_path: Path) -> None:
    build(tmp_path)
    for name in TEMPLATES:
        assert (tmp_path / name).read_bytes() == (FORMS_DIR / "nd98-2023" / name).read_bytes(), (
            f"{name}: run .venv/bin/python -m knowledge.forms.build_templates")


def test_the_plan_names_a_template_for_every_case(plan: Plan) -> None:
    forms = plan.forms
    assert forms.set == "nd98-2023"
    for kind in plan.award_kinds:
        for nominee in kind.nominees:
            assert (FORMS_DIR / forms.set / forms.template("bao_cao", kind.procedure, nominee).file).is_file()
    assert {s.stage for s in forms.submissions} == {s.stage for s in plan.dossier.sets}


def test_forms_schema_rejects_a_missing_case_and_a_lead_without_placeholder(plan: Plan) -> None:
    from pydantic import ValidationError

    from knowledge.schema import Forms

    data = plan.forms.model_dump()
    data["templates"] = [t for t in data["templates"] if t["document"] != "bien_ban"]
    with pytest.raises(ValidationError, match="no template for bien_ban"):
        Forms.model_validate(data)
    data = plan.forms.model_dump()
    data["submissions"][1]["request"] = "kính đề nghị xem xét"
    with pytest.raises(ValidationError, match="exactly when addressee is null"):
        Forms.model_validate(data)


def test_a_missing_template_file_stops_the_plan_from_loading(tmp_path: Path) -> None:
    from knowledge.loader import PLANS_DIR, UNITS_DIR, KnowledgeError, load_plan

    (tmp_path / "plan.yaml").write_text((PLANS_DIR / "hanoi-2024-70-nam-giai-phong-thu-do.yaml").read_text("utf-8"),
                                        "utf-8")
    with pytest.raises(KnowledgeError, match="forms.templates\\[0\\].file"):
        load_plan("plan", tmp_path, UNITS_DIR, forms_dir=tmp_path / "forms")


def test_errors_name_the_problem(plan: Plan) -> None:
    with pytest.raises(DocumentsError, match="no nomination"):
        dossier(plan, unit([]), TODAY)
    with pytest.raises(DocumentsError, match="no dossier set for 'co_thi_dua'"):
        dossier(plan, unit([individual(1, "Nguyễn Văn A", award="co_thi_dua")]), TODAY)


def test_write_files_writes_docx_only_when_asked_or_without_libreoffice(plan: Plan, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    small = dossier(plan, unit([collective(1, "Tổ dân phố số 1"), individual(2, "Nguyễn Văn A")]), TODAY)
    written = write_files(small, tmp_path / "a", pdf=False)
    assert [p.suffix for p in written] == [".docx"] * 5 and all(p.is_file() for p in written)
    monkeypatch.setattr("documents.pdf.office", lambda: None)
    assert [p.suffix for p in write_files(small, tmp_path / "b", pdf=True)] == [".docx"] * 5


# --- PDF through LibreOffice ---------------------------------------------------------------------------------------

def _pdf_text(path: Path) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        return unicodedata.normalize("NFC", out.stdout)
    from pypdf import PdfReader

    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in PdfReader(path).pages))


def test_dossier_renders_to_pdf_with_libreoffice(plan: Plan, tmp_path: Path) -> None:
    import os

    from pypdf import PdfReader

    from documents.pdf import office

    if office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    small = unit([collective(1, "Tổ dân phố số 1"), individual(2, "Nguyễn Thị Hoà"), individual(3, "Đỗ Văn Dài",
                                                                                                 results=LONG)])
    written = write_files(dossier(plan, small, TODAY), tmp_path, pdf=True)
    pdfs = {p.name: p for p in written if p.suffix == ".pdf"}
    assert len(pdfs) == len(written) / 2 == 6
    to_trinh = pdfs["tong-ket-ii-2-1-01-to-trinh.pdf"]
    assert len(PdfReader(to_trinh).pages) == 1
    text = _pdf_text(to_trinh)
    assert ".../KH-UBND" in text and "Kính gửi: Sở Xây dựng" in text
    danh_sach = _pdf_text(pdfs["tong-ket-ii-2-1-03-danh-sach.pdf"])
    assert "Nguyễn Thị Hoà" in danh_sach and "Tổ dân phố số 1" in danh_sach
    long_report = pdfs["tong-ket-ii-2-1-04-bao-cao-3-do-van-dai.pdf"]
    assert len(PdfReader(long_report).pages) >= 3  # 5,000 characters wrap over pages, not cut
    flat = re.sub(r"\s+", " ", _pdf_text(long_report))
    assert "Đỗ Văn Dài" in flat and LONG[-80:] in flat


def test_a_long_list_repeats_its_header_and_splits_no_row(plan: Plan, tmp_path: Path) -> None:
    import os

    from pypdf import PdfReader

    from documents.pdf import office

    if office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    names = [f"Nguyễn Văn Thành Viên Số {i:02d}" for i in range(1, 19)]
    many = unit([individual(i, name, results=f"Kết quả số {i}: " + "hoàn thành vượt mức mọi chỉ tiêu được giao. " * 6)
                 for i, name in enumerate(names, 1)])
    files = {k: v for k, v in dossier(plan, many, TODAY).items() if "danh-sach" in k}
    (pdf,) = [p for p in write_files(files, tmp_path, pdf=True) if p.suffix == ".pdf"]
    pages = [re.sub(r"\s+", " ", unicodedata.normalize("NFC", p.extract_text())) for p in PdfReader(pdf).pages]
    assert len(pages) >= 2
    for page in (p for p in pages if "Nguyễn Văn Thành Viên" in p):
        assert "Tên tập thể, họ và tên cá nhân" in page  # the header row on every page the table runs onto
    assert "Tổng số:" in pages[-1]  # the signature never stands alone on the last page
    for name in names:
        assert sum(name in page for page in pages) == 1, name  # each row whole on one page
