"""Build the Decree 98/2023 template set (knowledge/forms/nd98-2023/*.docx) with python-docx.

The .docx files are what the documents package fills (docxtpl: jinja2 inside Word); they are committed, so running
this is only needed after changing it. It is the maintained source of this set: edit here and rerun

    .venv/bin/python -m knowledge.forms.build_templates

(a test checks that the committed files are what this builds). A later set, for example Decree 152/2025's forms,
may equally be drawn by hand in Word with the same context names (docs/forms.md lists them) and no builder at all.
"""
from __future__ import annotations

import argparse
import io
import zipfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Mm
from docx.table import Table, _Cell

from knowledge.forms.blocks import (
    CENTER,
    LEFT_ALIGN,
    SIZE_BODY,
    SIZE_NOI_NHAN,
    SIZE_SIGNATURE,
    SIZE_TABLE,
    SIZE_TITLE,
    TEXT_WIDTH_MM,
    Line,
    add,
    body,
    document_header,
    dotted,
    end,
    field,
    heading,
    label,
    layout_table,
    new_document,
    optional,
    personal_header,
    recipients,
    repeated,
    signature,
    signatures,
    signer_block,
    tag,
    title,
    whole_rows,
)

SET_DIR = Path(__file__).resolve().parent / "nd98-2023"
BLANK = "……………"
HISTORY_WIDTHS = [22, 58, 85]
LIST_WIDTHS = [13, 37, 15, 14, 34, 38, 14]
VOTE_WIDTHS = [13, 72, 26, 24, 30]


def _grid(doc: DocxDocument, widths: Sequence[float], header: Sequence[str]) -> Table:
    """A data table whose header row repeats on every page it runs onto (rows are added after; see _close)."""
    table = layout_table(doc, widths, rows=1, grid=True)
    for cell, text in zip(table.rows[0].cells, header):
        add(cell, Line(text, SIZE_TABLE, bold=True), first=True)
    return table


def _close(table: Table) -> None:
    """Once its rows are in: no row splits across pages, the header repeats and stays with the first row."""
    whole_rows(table, header=True)


def _row(table: Table, texts: Sequence[str], left: Sequence[int] = (1,), bold: bool = False,
         merged: bool = False) -> None:
    """A row of a data table: columns in `left` aligned left, the others centred; `merged`: one cell across."""
    cells = table.add_row().cells
    if merged:
        cells = [cells[0].merge(cells[-1])]
    for i, (cell, text) in enumerate(zip(cells, texts)):
        align = LEFT_ALIGN if merged or i in left else CENTER
        add(cell, Line(text, SIZE_TABLE, bold=bold, align=align), first=True)


def _history(doc: DocxDocument) -> None:
    """III. Awards already received: two tables to fill by hand, as in Mẫu số 02 and 03."""
    heading(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG")
    for number, what in (("1", "Danh hiệu thi đua"), ("2", "Hình thức khen thưởng")):
        label(doc, f"{number}. {what}:")
        table = _grid(doc, HISTORY_WIDTHS,
                      ["Năm", what, "Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định"])
        for _ in range(3):
            _row(table, ["", "", ""], left=(1, 2))
        _close(table)
        if number == "2":  # the last table goes with the signatures: every line of it kept with what follows
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        add(doc, Line("")).paragraph_format.keep_with_next = number == "2"


def _report_title(doc: DocxDocument, kind: str, subtitle: str) -> None:
    title(doc, kind, [Line("ĐỀ NGHỊ TẶNG {{ award_upper }}", SIZE_TITLE, bold=True),
                      Line(subtitle, SIZE_BODY, italic=True)])


def _signed(titles: Sequence[str], note: str) -> list[Line]:
    """A signature block's titles (upper case, bold) and its italic note: '(Ký, đóng dấu)'."""
    return [*(Line(t, SIZE_SIGNATURE, bold=True) for t in titles), Line(note, SIZE_BODY, italic=True)]


def _individual_signatures(doc: DocxDocument) -> None:
    left, right = signatures(doc, left_mm=85)
    signature(left, _signed(["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ"], "(Ký, đóng dấu)"))
    signature(right, _signed(["NGƯỜI BÁO CÁO THÀNH TÍCH"], "(Ký, ghi rõ họ và tên)"), "{{ name }}")
    _confirmed(left, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG")


def _collective_signatures(doc: DocxDocument) -> None:
    left, right = signatures(doc, left_mm=85)
    signature(left, _signed(["XÁC NHẬN CỦA", "CẤP TRÌNH KHEN THƯỞNG"], "(Ký, đóng dấu)"))
    signature(right, _signed(["THỦ TRƯỞNG ĐƠN VỊ"], "(Ký, đóng dấu)"), "{{ head }}")
    _confirmed(left)


def _confirmed(cell: _Cell, first: str | None = None) -> None:
    """Confirmation slots in the signatures' cell, so that they never part from them: `first`, then one per body
    the context's `confirmations` name (the lead agency, the managing body)."""
    if first:
        _slot(cell, first)
    tag(cell, "{%p for slot in confirmations %}")
    _slot(cell, "{{ slot }}")
    tag(cell, "{%p endfor %}")


def _slot(cell: _Cell, title: str) -> None:
    """A confirmation: its title, its note, and room to sign."""
    for line in _signed([title], "(Ký, đóng dấu)"):
        add(cell, line)
    for _ in range(SLOT_LINES):
        add(cell, Line(""))


# Particulars in the form's order: (label, context name, in the short đột xuất report too). A name the context leaves
# empty prints the label and a dotted line to fill by hand.
BIOGRAPHY = [
    ("Họ và tên (ghi đầy đủ, không viết tắt)", "name", True), ("Sinh ngày, tháng, năm", "birth", True),
    ("Giới tính", "gender", True), ("Dân tộc", "ethnicity", True), ("Tôn giáo", "religion", False),
    ("Quê quán", "hometown", True), ("Trú quán", "residence", True), ("Đơn vị công tác", "workplace", True),
    ("Cơ quan quản lý", "managing_body", True), ("Chức vụ (Đảng, chính quyền, đoàn thể)", "position", True),
    ("Trình độ lý luận chính trị, chuyên môn, nghiệp vụ", "education", False),
    ("Học hàm, học vị, danh hiệu, giải thưởng", "degrees", False),
]
PROFILE = [
    ("Tên tập thể (ghi đầy đủ, không viết tắt)", "name", True), ("Trụ sở, điện thoại", "address", True),
    ("Quá trình thành lập và phát triển", "founding", False), ("Tổng số thành viên", "members", True),
    ("Cơ cấu tổ chức, tổ chức đảng, đoàn thể", "structure", False),
]
SLOT_LINES = 3  # empty lines left to sign a confirmation
PARAGRAPH_LINES = 3  # dotted lines left for a paragraph-sized part the wizard did not ask


def _fields(doc: DocxDocument, fields: list[tuple[str, str, bool]], full: bool) -> None:
    for label_text, name, in_short in fields:
        if full or in_short:
            tag(doc, f"{{%p if {name} %}}")
            field(doc, f"- {label_text}: ", f"{{{{ {name} }}}}")
            tag(doc, "{%p else %}")
            dotted(doc, f"- {label_text}: ")
            tag(doc, "{%p endif %}")


def _to_write(doc: DocxDocument, heading_text: str, items: str | None = None, last: bool = False) -> None:
    """A numbered part of the report: the officer's paragraphs when given (`items`), else lines to fill by hand;
    `last`: the report's last part, kept with the signatures."""
    label(doc, heading_text)
    if items:
        tag(doc, f"{{%p if {items} %}}")
        repeated(doc, items, keep_last=last)
        tag(doc, "{%p else %}")
    for _ in range(PARAGRAPH_LINES):
        dotted(doc)
    if items:
        tag(doc, "{%p endif %}")


def _biography(doc: DocxDocument, full: bool) -> None:
    """I. The individual's particulars: those the wizard collected filled, the others left to fill by hand."""
    heading(doc, "I. SƠ LƯỢC LÝ LỊCH")
    _fields(doc, BIOGRAPHY, full)


def _collective_profile(doc: DocxDocument, full: bool) -> None:
    """I. The collective's particulars (its managing body and name are in the header)."""
    heading(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH")
    label(doc, "1. Đặc điểm, tình hình:")
    _fields(doc, PROFILE, full)
    if full:
        _to_write(doc, "2. Chức năng, nhiệm vụ:", "functions")


def _campaign_achievements(doc: DocxDocument, individual: bool) -> None:
    """II. For an award at the end of a campaign: results against its targets, initiatives (plan III.5.2), and for a
    collective the policies carried out and the party and mass-organisation work (Mẫu 02)."""
    heading(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC")
    parts = [("Kết quả thực hiện các chỉ tiêu, nhiệm vụ của đợt thi đua:", "results"),
             ("Sáng kiến, giải pháp trong lãnh đạo, chỉ đạo, tổ chức thực hiện và hiệu quả:", "initiatives")]
    if individual:
        parts.insert(0, ("Quyền hạn, nhiệm vụ được giao:", "duties"))
    else:
        parts += [("Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước:", "policies"),
                  ("Công tác xây dựng Đảng, đoàn thể:", "party_work")]
    for number, (text, items) in enumerate(parts, 1):
        _to_write(doc, f"{number}. {text}", items)


def _ad_hoc_achievements(doc: DocxDocument) -> None:
    """II. For an ad-hoc award: the act, in circumstances not foreseen, and its merit (Điều 85 of the Law)."""
    heading(doc, "II. NỘI DUNG THÀNH TÍCH XUẤT SẮC ĐỘT XUẤT")
    _to_write(doc, "1. Hành động, việc làm (hoàn cảnh, thời gian, địa điểm):", "act")
    _to_write(doc, "2. Công trạng, kết quả, ý nghĩa:", "merit", last=True)


CAMPAIGN_SUBTITLE = "(Thành tích trong {{ movement }}, tổng kết đợt thi đua)"
AD_HOC_SUBTITLE = "(Thành tích xuất sắc đột xuất{% if movement %} trong {{ movement }}{% endif %})"


def report(award: str, individual: bool) -> DocxDocument:
    """The achievement report of one case: a campaign (tổng kết) report has the full particulars and the awards
    already received; an ad-hoc (đột xuất) one is the short report of Điều 85."""
    campaign = award == "tong_ket"
    doc = new_document()
    if individual:
        personal_header(doc)
    else:
        document_header(doc, number=None)
    _report_title(doc, "BÁO CÁO THÀNH TÍCH" if campaign else "BÁO CÁO TÓM TẮT THÀNH TÍCH",
                  CAMPAIGN_SUBTITLE if campaign else AD_HOC_SUBTITLE)
    (_biography if individual else _collective_profile)(doc, full=campaign)
    if campaign:
        _campaign_achievements(doc, individual)
        _history(doc)
    else:
        _ad_hoc_achievements(doc)
    (_individual_signatures if individual else _collective_signatures)(doc)
    end(doc)
    return doc


COUNTS = "{{ counted }}"  # "02 tập thể và 03 cá nhân", made once in documents/context.py


def to_trinh() -> DocxDocument:
    """Mẫu số 01: the proposing unit's submission."""
    doc = new_document()
    document_header(doc, number=".../TTr-{{ unit_code }}")
    title(doc, "TỜ TRÌNH", [Line("Về việc đề nghị tặng {{ award }}", SIZE_TITLE, bold=True),
                            Line("{{ whom }} {{ scope }}", SIZE_TITLE, bold=True)])
    kinh_gui = add(doc, Line("Kính gửi: {{ addressee }}", SIZE_BODY))
    kinh_gui.paragraph_format.space_after = Mm(3)
    tag(doc, "{%p for basis in bases %}")
    body(doc, "Căn cứ {{ basis }};")
    tag(doc, "{%p endfor %}")
    body(doc, "Căn cứ {{ plan_ref }};")
    optional(doc, "council", "Căn cứ Biên bản họp {{ council_name }} {{ council }};")
    tag(doc, "{%p for proposal in proposals %}")
    body(doc, "{{ proposal }};")
    tag(doc, "{%p endfor %}")
    # The request, its list and what the dossier holds stay with the signatures: never a page of signatures alone.
    request = body(doc, "{{ unit_name }} {{ request }} {{ award }} cho " + COUNTS + " {{ scope }}"
                        "{% if named %}:{% else %} (có danh sách và báo cáo thành tích kèm theo)./.{% endif %}")
    request.paragraph_format.keep_with_next = True
    tag(doc, "{%p for n in named %}")
    body(doc, "- {{ n }}{% if loop.last %}.{% else %};{% endif %}").paragraph_format.keep_with_next = True
    tag(doc, "{%p endfor %}")
    optional(doc, "named", "(Có danh sách và báo cáo tóm tắt thành tích kèm theo)./.")
    body(doc, "{{ enclosed }}", italic=True, size=SIZE_NOI_NHAN).paragraph_format.keep_with_next = True
    left, right = signatures(doc)
    recipients(left, ["- Như trên;", "- Lưu: VT, …."])
    signer_block(right)
    end(doc)
    return doc


def _list_part(table: Table, part: str, rows: str) -> None:
    blank = [""] * (len(LIST_WIDTHS) - 1)
    _row(table, [f"{{%tr if {rows} %}}", *blank])
    _row(table, [f"{{{{ {part} }}}}"], bold=True, merged=True)
    _row(table, [f"{{%tr for r in {rows} %}}", *blank])
    _row(table, ["{%tr if r.group %}", *blank])
    _row(table, ["{{ r.group }}"], merged=True)
    _row(table, ["{%tr endif %}", *blank])
    _row(table, ["{{ r.no }}", "{{ r.name }}", "{{ r.birth }}", "{{ r.gender }}", "{{ r.role }}",
                 "{{ r.summary }}", "{{ r.note }}"], left=(1, 4, 5))
    _row(table, ["{%tr endfor %}", *blank])
    _row(table, ["{%tr endif %}", *blank])


def danh_sach() -> DocxDocument:
    """The list of nominees attached to the Tờ trình: collectives and individuals in separate parts."""
    doc = new_document()
    document_header(doc, number=None, dated=False)
    title(doc, "DANH SÁCH", [
        Line("ĐỀ NGHỊ TẶNG {{ award_upper }}", SIZE_TITLE, bold=True),
        Line("{{ whom }} {{ scope }}", SIZE_BODY, bold=True),
        Line("(Kèm theo Tờ trình số .../TTr-{{ unit_code }} ngày {{ date_short }} của {{ unit_name }})",
             SIZE_BODY, italic=True)])
    table = _grid(doc, LIST_WIDTHS, ["STT", "Tên tập thể, họ và tên cá nhân", "Năm sinh", "Giới tính",
                                     "Chức vụ, đơn vị công tác; cơ quan quản lý", "Tóm tắt thành tích",
                                     "Ghi chú"])
    _list_part(table, "collective_part", "collectives")
    _list_part(table, "individual_part", "individuals")
    _close(table)
    add(doc, Line(""))
    body(doc, "Tổng số: " + COUNTS + ".", indent=False).paragraph_format.keep_with_next = True
    left, right = signatures(doc)
    add(left, Line(""), first=True)
    signer_block(right)
    end(doc)
    return doc


def bien_ban() -> DocxDocument:
    """Decree 30/2020 form 1.9 filled for one meeting of the unit's Emulation Council: every nominee it considered
    listed, votes left to fill."""
    doc = new_document()
    document_header(doc, number=".../BB-HĐTĐKT", dated=False)
    title(doc, "BIÊN BẢN", [Line("Họp {{ council_name }}", SIZE_TITLE, bold=True),
                            Line("Xét đề nghị tặng {{ award }}", SIZE_TITLE, bold=True)])
    body(doc, "Thời gian bắt đầu: …… giờ …… phút, {{ council_date }}.")
    dotted(doc, "Địa điểm: ")
    body(doc, "Thành phần tham dự: {{ council_name }} có …… / …… thành viên "
              "có mặt; vắng mặt …… thành viên (lý do: ……).")
    dotted(doc, "Chủ trì: ")
    dotted(doc, "Thư ký: ")
    body(doc, "Nội dung: Hội đồng xét, đề nghị tặng {{ award }} {{ whom }} {{ scope }}, căn cứ "
              "{{ plan_ref }}. Số tập thể, cá nhân được xem xét: " + COUNTS + ".")
    label(doc, "Kết quả bỏ phiếu kín:")
    table = _grid(doc, VOTE_WIDTHS, ["STT", "Tên tập thể, họ và tên cá nhân", "Số phiếu đồng ý",
                                     "Tỷ lệ (%)", "Ghi chú"])
    _row(table, ["{%tr for r in nominees %}", "", "", "", ""])
    _row(table, ["{{ r.no }}", "{{ r.name }}", "", "", "{{ r.note }}"], left=(1, 4))
    _row(table, ["{%tr endfor %}", "", "", "", ""])
    _close(table)
    add(doc, Line(""))
    body(doc, "Kết luận: Hội đồng thống nhất đề nghị tặng {{ award }} cho …… tập thể và …… cá nhân "
              "đạt tỷ lệ phiếu đồng ý theo quy định (có danh sách kèm theo).")
    body(doc, "Cuộc họp kết thúc vào hồi …… giờ …… phút cùng ngày./.").paragraph_format.keep_with_next = True
    left, right = signatures(doc, left_mm=TEXT_WIDTH_MM / 2)
    signature(left, _signed(["THƯ KÝ"], "(Ký, ghi rõ họ và tên)"))
    signature(right, _signed(["CHỦ TỊCH HỘI ĐỒNG"], "(Ký, ghi rõ họ và tên, đóng dấu)"))
    end(doc)
    return doc


TEMPLATES: dict[str, Callable[[], DocxDocument]] = {
    "to-trinh.docx": to_trinh,
    "danh-sach.docx": danh_sach,
    "bien-ban.docx": bien_ban,
    "bao-cao-tong-ket-tap-the.docx": partial(report, "tong_ket", individual=False),
    "bao-cao-tong-ket-ca-nhan.docx": partial(report, "tong_ket", individual=True),
    "bao-cao-dot-xuat-tap-the.docx": partial(report, "dot_xuat", individual=False),
    "bao-cao-dot-xuat-ca-nhan.docx": partial(report, "dot_xuat", individual=True),
}


def build(out_dir: Path = SET_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        path = out_dir / name
        path.write_bytes(reproducible(make()))
        written.append(path)
    return written


def reproducible(doc: DocxDocument) -> bytes:
    """The .docx with fixed zip timestamps: the same template builds to the same bytes, so a rebuild changes
    in git only what really changed."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(item),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SET_DIR, help="folder to write the templates to")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)


if __name__ == "__main__":
    main()
