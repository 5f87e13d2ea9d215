"""Layout blocks of an administrative document per Decree 30/2020/NĐ-CP, Phụ lục I, written with python-docx.

The template builder composes these; the text they hold may carry docxtpl tags (`{{ x }}`, `{%p for … %}`), each kept
inside one run so that docxtpl sees it whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
# Margins within the decree's ranges: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 165
# The header's two columns: issuing body on the left, Quốc hiệu and Tiêu ngữ on the right (88 mm at 12 pt bold).
LEFT_COL_MM, RIGHT_COL_MM = 68, 97
CELL_PADDING_MM = 3.8  # Word's default left + right cell margins (2 x 0.19 cm)

SIZE_BODY = 14
SIZE_QUOC_HIEU = 12
SIZE_TIEU_NGU = 13
SIZE_ISSUER = 13
SIZE_NUMBER = 13
SIZE_PLACE_DATE = 14
SIZE_TITLE = 14
SIZE_SIGNATURE = 14
SIZE_NOI_NHAN = 12
SIZE_NOI_NHAN_ENTRY = 11
SIZE_TABLE = 12
SIZE_PAGE_NUMBER = 13
FIRST_LINE_INDENT = Mm(12.7)
SPACE_AFTER_BODY = Pt(6)
LINE_SPACING_BODY = 1.15

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TIEU_NGU_WIDTH_MM = 58  # the text is 56 mm at 13 pt bold: its rule is as long as it
ISSUER_RULE_MM = 28  # 1/3 to 1/2 of a usual unit name (60-85 mm at 13 pt bold)

CENTER, JUSTIFY, LEFT_ALIGN = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


@dataclass(frozen=True)
class Line:
    """One paragraph of fixed layout: its text (tags allowed) and type."""

    text: str
    size: int = SIZE_BODY
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH = CENTER


def new_document() -> DocxDocument:
    """A4 portrait, the margins, Times New Roman 14 by default, page numbers top centre from page 2."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_BODY)
    _east_asian_font(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    return doc


def _east_asian_font(rpr: OxmlElement) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _east_asian_font(rpr)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(SIZE_PAGE_NUMBER * 2))
    rpr.append(size)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(rpr)
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def write(paragraph: Paragraph, line: Line) -> Paragraph:
    paragraph.alignment = line.align
    if line.text:
        run = paragraph.add_run(line.text)
        run.font.name = FONT
        _east_asian_font(run._r.get_or_add_rPr())
        run.font.size = Pt(line.size)
        run.font.bold = line.bold
        run.font.italic = line.italic
    return paragraph


def add(container: DocxDocument | _Cell, line: Line, first: bool = False) -> Paragraph:
    """A paragraph at the end of a document or a cell (`first`: fill a new cell's empty first paragraph)."""
    paragraph = container.paragraphs[0] if first and container.paragraphs else container.add_paragraph()
    return write(paragraph, line)


def body(container: DocxDocument | _Cell, text: str, indent: bool = True, bold: bool = False,
         italic: bool = False, size: int = SIZE_BODY) -> Paragraph:
    """Body text: justified, first-line indent, 6 pt after, line spacing 1.15."""
    paragraph = add(container, Line(text, size, bold=bold, italic=italic, align=JUSTIFY))
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else None
    fmt.space_after = SPACE_AFTER_BODY
    fmt.line_spacing = LINE_SPACING_BODY
    return paragraph


def field(container: DocxDocument | _Cell, label: str, value: str) -> Paragraph:
    """'- Label: value' with the value in its own run."""
    paragraph = body(container, label)
    run = paragraph.add_run(value)
    run.font.name = FONT
    run.font.size = Pt(SIZE_BODY)
    return paragraph


def dotted(container: DocxDocument | _Cell, text: str = "", width_mm: float = TEXT_WIDTH_MM) -> Paragraph:
    """A line to fill by hand: `text`, then dots to the right margin (a dot-leader tab, so it is always one
    whole line, whatever the text's length). A labelled line is indented as the filled ones are."""
    paragraph = body(container, f"{text}\t", indent=bool(text))
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return paragraph


def label(container: DocxDocument | _Cell, text: str) -> Paragraph:
    """A body line that introduces what follows it (a table, a list): never left alone at the foot of a page."""
    paragraph = body(container, text)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def tag(container: DocxDocument | _Cell, text: str) -> Paragraph:
    """A docxtpl control paragraph (`{%p … %}`): it disappears when rendered."""
    return add(container, Line(text, align=LEFT_ALIGN))


def repeated(container: DocxDocument | _Cell, items: str, item: str = "line", keep_last: bool = False) -> None:
    """One body paragraph per item of the list `items`: each line of the user's text its own paragraph. With
    `keep_last`, the last one stays with what follows (the signatures never stand alone on a page)."""
    tag(container, f"{{%p for {item} in {items}{'[:-1]' if keep_last else ''} %}}")
    body(container, f"{{{{ {item} }}}}")
    tag(container, "{%p endfor %}")
    if keep_last:
        tag(container, f"{{%p if {items} %}}")
        body(container, f"{{{{ {items}[-1] }}}}").paragraph_format.keep_with_next = True
        tag(container, "{%p endif %}")


def optional(container: DocxDocument | _Cell, condition: str, text: str) -> None:
    """A body paragraph kept only when `condition` holds."""
    tag(container, f"{{%p if {condition} %}}")
    body(container, text)
    tag(container, "{%p endif %}")


def _set_border(paragraph: Paragraph, side: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                              "w:rPr", "w:sectPr", "w:pPrChange")


def _narrow(paragraph: Paragraph, width_mm: float, column_mm: float) -> None:
    side = Mm(max(column_mm - CELL_PADDING_MM - width_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side


def underlined(container: DocxDocument | _Cell, line: Line, width_mm: float, column_mm: float) -> Paragraph:
    """A centred line of text with a rule under it as long as the text (Tiêu ngữ)."""
    paragraph = add(container, line)
    _narrow(paragraph, width_mm, column_mm)
    _set_border(paragraph, "bottom")
    return paragraph


def rule(container: DocxDocument | _Cell, width_mm: float, column_mm: float) -> Paragraph:
    """A centred horizontal rule of `width_mm` in a column (or the page) `column_mm` wide."""
    paragraph = container.add_paragraph()
    _narrow(paragraph, width_mm, column_mm)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(3)
    paragraph.paragraph_format.space_after = Pt(6)
    _set_border(paragraph, "bottom")
    return paragraph


def whole_rows(table: Table, header: bool = False) -> None:
    """No row of `table` splits across pages; with `header`, its first row repeats at the top of each page and
    stays with the row after it."""
    for i, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        if props.find(qn("w:cantSplit")) is None:
            props.append(OxmlElement("w:cantSplit"))
        if header and i == 0 and props.find(qn("w:tblHeader")) is None:
            props.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def end(doc: DocxDocument) -> None:
    """The paragraph Word needs after a closing table, made 1 pt high so it can never push a page of its own."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    fmt.space_before = fmt.space_after = Pt(0)
    mark = OxmlElement("w:rPr")  # the paragraph mark's own size: 1 pt
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)


def layout_table(doc: DocxDocument, widths_mm: Sequence[float], rows: int = 1, grid: bool = False) -> Table:
    """A table of fixed column widths: borderless for layout, ruled (`grid`) for data."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    if grid:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def national_heading(container: DocxDocument | _Cell, column_mm: float, first: bool = True) -> None:
    """Quốc hiệu (upper case, 12 pt bold) and Tiêu ngữ (13 pt bold, centred under it, ruled)."""
    add(container, Line(QUOC_HIEU, SIZE_QUOC_HIEU, bold=True), first=first)
    underlined(container, Line(TIEU_NGU, SIZE_TIEU_NGU, bold=True), TIEU_NGU_WIDTH_MM, column_mm)


def place_date(container: DocxDocument | _Cell, first: bool = False) -> Paragraph:
    paragraph = add(container, Line("{{ place_date }}", SIZE_PLACE_DATE, italic=True), first=first)
    paragraph.paragraph_format.space_before = Pt(6)
    return paragraph


def document_header(doc: DocxDocument, number: str | None, dated: bool = True) -> None:
    """Issuing body (superior body regular, unit bold, a short rule; the number under it) beside Quốc hiệu, Tiêu ngữ
    and the place and date. Context: superior (may be empty), issuer, and place_date when `dated`."""
    table = layout_table(doc, [LEFT_COL_MM, RIGHT_COL_MM], rows=2)
    left, right = table.rows[0].cells
    add(left, Line("{%p if superior %}", align=LEFT_ALIGN), first=True)
    add(left, Line("{{ superior }}", SIZE_ISSUER))
    tag(left, "{%p endif %}")
    add(left, Line("{{ issuer }}", SIZE_ISSUER, bold=True))
    rule(left, ISSUER_RULE_MM, LEFT_COL_MM)
    national_heading(right, RIGHT_COL_MM)
    number_cell, date_cell = table.rows[1].cells
    add(number_cell, Line(f"Số: {number}" if number else "", SIZE_NUMBER), first=True)
    if dated:
        place_date(date_cell, first=True)


def personal_header(doc: DocxDocument) -> None:
    """Quốc hiệu, Tiêu ngữ and the place and date centred on the page: a report by a person, with no issuing body."""
    national_heading(doc, TEXT_WIDTH_MM, first=True)
    place_date(doc).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def title(doc: DocxDocument, kind: str, lines: Sequence[Line] = ()) -> None:
    """The kind of document (upper case, 14 pt bold), its summary lines, a short rule."""
    first = add(doc, Line(kind, SIZE_TITLE, bold=True))
    first.paragraph_format.space_before = Pt(12)
    for line in lines:
        add(doc, line)
    rule(doc, 40, TEXT_WIDTH_MM)


def heading(container: DocxDocument | _Cell, text: str) -> Paragraph:
    """A section heading of the report (I., II., …): bold, no indent."""
    paragraph = body(container, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def signature(cell: _Cell, titles: Sequence[Line], name: str | None = None, blank_lines: int = 4) -> None:
    """A signature block in a cell: the titles (upper case 14 pt bold), room to sign, the signer's name (bold)."""
    for i, line in enumerate(titles):
        add(cell, line, first=i == 0)
    for _ in range(blank_lines):
        add(cell, Line(""))
    if name:
        add(cell, Line(name, SIZE_SIGNATURE, bold=True))


def signer_block(cell: _Cell) -> None:
    """The unit head's block: title lines from the context (`signer_title`), then `signer_name`."""
    tag_line = Line("{%p for line in signer_title %}", align=LEFT_ALIGN)
    signature(cell, [tag_line, Line("{{ line }}", SIZE_SIGNATURE, bold=True),
                     Line("{%p endfor %}", align=LEFT_ALIGN)], "{{ signer_name }}")


def recipients(cell: _Cell, entries: Sequence[str]) -> None:
    """'Nơi nhận:' (12 pt bold italic) and its entries (11 pt), each '- …;', the last '- Lưu: VT, ….'."""
    add(cell, Line("Nơi nhận:", SIZE_NOI_NHAN, bold=True, italic=True, align=LEFT_ALIGN), first=True)
    for entry in entries:
        add(cell, Line(entry, SIZE_NOI_NHAN_ENTRY, align=LEFT_ALIGN))


def signatures(doc: DocxDocument, left_mm: float = 75) -> tuple[_Cell, _Cell]:
    """Two cells side by side for the closing blocks."""
    add(doc, Line("")).paragraph_format.keep_with_next = True
    table = layout_table(doc, [left_mm, TEXT_WIDTH_MM - left_mm])
    whole_rows(table)
    return table.rows[0].cells[0], table.rows[0].cells[1]
