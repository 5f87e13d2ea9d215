"""Three dossiers typed into the wizard as officers would, rendered by `python -m bot documents` (DOCX, and PDF with
LibreOffice), and read back as a secretariat would before signing: the issuing body, the place, the signer, one
Biên bản per council meeting, clean pages, and the lead agency's dossier to the Chairman (plan III.5.2.b)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from sqlalchemy import Engine

from documents.pdf import office
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from storage.models import utcnow
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import ACHIEVEMENT, INITIATIVE, Chat
from tests.conftest import DURING_PLAN, PLAN_ID, ROOT, make_conversation

COUNCIL = "25/7/2024"
LONG_NAME = ("Tổ công tác đặc biệt liên ngành về bảo đảm trật tự an toàn giao thông, vệ sinh môi trường và "
             "chỉnh trang đô thị trên địa bàn các xã ven đê sông Đáy thuộc huyện Hoài Đức, thành phố Hà Nội")
LONG_TEXT = ("Tổ công tác đã phối hợp với chính quyền các xã tổ chức ra quân, giải tỏa lấn chiếm hành lang đê, "
             "vận động Nhân dân tự nguyện tháo dỡ công trình vi phạm, trồng cây xanh và lắp đặt hệ thống chiếu sáng. "
             * 15)[:3000]


def _text(doc: DocxDocument) -> list[str]:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells).splitlines()


def _nominate(chat: Chat, unit: str | None, award: str, movement: str, kind: str, answers: list[str]) -> None:
    """One nomination through every step; `answers` are typed, or tapped when they name a button."""
    chat.say("/denghi")
    if unit and "đơn vị nào" in chat.text:
        chat.say(unit)
    for label in (award, movement, kind):
        chat.tap(label)
    for answer in answers:
        chat.tap(answer) if answer in chat.labels else chat.say(answer)
    while "tiêu chuẩn sau" in chat.text:
        chat.tap("Đạt")
    if "Ngày họp Hội đồng" in chat.text:
        chat.say(COUNCIL)
    while "Giấy tờ cần có" in chat.text:
        chat.tap("Nộp bản giấy")
    assert "Kiểm tra lại hồ sơ" in chat.text, chat.text
    chat.tap("Nộp hồ sơ")


def _collective(name: str, body: str, text: str = ACHIEVEMENT, managed: str = "Có") -> list[str]:
    return [name, body, "Trần Văn Trưởng", "25", managed, text, INITIATIVE]


def _individual(name: str, gender: str) -> list[str]:
    return [name, gender, "12/5/1978", "Phó Trưởng phòng Quản lý đô thị", "UBND quận Hoàn Kiếm", "Có", ACHIEVEMENT,
            INITIATIVE]


@pytest.fixture(scope="module")
def database(answerer: Answerer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dossiers')}/bot.db"
    engine = make_engine(url)
    upgrade(engine)
    _type_the_three_dossiers(answerer, engine)
    yield url
    engine.dispose()


def _type_the_three_dossiers(answerer: Answerer, engine: Engine) -> None:
    hoan_kiem = Chat(make_conversation(answerer, engine, DURING_PLAN), user="hk")
    tong_ket = "Khen thưởng tổng kết"
    _nominate(hoan_kiem, "Quận Hoàn Kiếm", tong_ket, "Đô thị văn minh", "Tập thể",
              _collective("Phòng Quản lý đô thị quận Hoàn Kiếm", "UBND quận Hoàn Kiếm"))
    # The unit's first submission: its profile, proposed from the directory, is completed and confirmed once.
    assert "hồ sơ đầu tiên của Quận Hoàn Kiếm" in hoan_kiem.text and "Ai ký Tờ trình" in hoan_kiem.text
    hoan_kiem.tap("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    hoan_kiem.say("nguyễn quang huy")
    assert "Cơ quan ban hành: Ủy ban nhân dân quận Hoàn Kiếm" in hoan_kiem.text
    hoan_kiem.tap("Sửa: Văn bản quy định chức năng")
    hoan_kiem.say("Quyết định số 15/2021/QĐ-UBND ngày 02/8/2021 của UBND quận Hoàn Kiếm")
    hoan_kiem.tap("Xác nhận")
    assert "Đã nộp" in hoan_kiem.text
    _nominate(hoan_kiem, None, tong_ket, "Vì người nghèo", "Tập thể",
              _collective("Hội Chữ thập đỏ phường Hàng Bạc", "UBND phường Hàng Bạc"))
    _nominate(hoan_kiem, None, tong_ket, "An ninh trật tự", "Cá nhân", _individual("Lê Văn Hùng", "Nam"))
    _nominate(hoan_kiem, None, tong_ket, "An sinh xã hội", "Cá nhân", _individual("Phạm Thị Lan", "Nữ"))
    _nominate(hoan_kiem, None, tong_ket, "Đô thị văn minh", "Cá nhân", _individual("Vũ Đức Minh", "Nam"))
    assert "Đã nộp" in hoan_kiem.text and "đã đủ" not in hoan_kiem.text

    y_te = Chat(make_conversation(answerer, engine, DURING_PLAN), user="yt")
    _nominate(y_te, "Sở Y tế", "Khen thưởng đột xuất", "An sinh xã hội", "Cá nhân",
              ["Đỗ Thị Hạnh", "Nữ", "3/4/1985", "Điều dưỡng trưởng", "Bệnh viện Thanh Nhàn", "Có",
               "Ngày 12/7/2024, chị Hạnh phát hiện và sơ cứu kịp thời một cụ bà bị ngừng tim tại sảnh bệnh viện.",
               "Cứu sống người bệnh trong thời gian vàng, được người nhà và Sở Y tế biểu dương, nêu gương."])
    assert "Chữ viết tắt" in y_te.text  # the directory has none for a department
    y_te.say("SYT")
    y_te.tap("KT. GIÁM ĐỐC")
    y_te.say("Trần Minh Khoa")
    y_te.tap("Xác nhận")
    assert "Đã nộp" in y_te.text

    hoai_duc = Chat(make_conversation(answerer, engine, DURING_PLAN), user="hd")
    _nominate(hoai_duc, "Huyện Hoài Đức", tong_ket, "Đô thị văn minh", "Tập thể",
              _collective(LONG_NAME, "UBND huyện Hoài Đức", LONG_TEXT, managed="Không"))
    hoai_duc.tap("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    hoai_duc.say("Bùi Văn Thắng")
    hoai_duc.tap("Xác nhận")
    assert "Đã nộp" in hoai_duc.text
    with UnitOfWork(engine, PLAN_ID) as uow:  # the lead agency's receiver accepts what reached it (/hosonhan)
        for n in uow.nominations.received(["Sở Xây dựng"]):
            assert uow.nominations.accept(n, utcnow())
        uow.commit()


def _render(database: str, out: Path, *whose: str) -> dict[str, DocxDocument]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID,
           "DATABASE_URL": database, "BOT_TODAY": "2024-08-02"}
    done = subprocess.run([sys.executable, "-m", "bot", "documents", *whose, "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return {p.name: Document(str(p)) for p in sorted(out.glob("*.docx"))}


@pytest.fixture(scope="module")
def hoan_kiem(database: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, DocxDocument]]:
    out = tmp_path_factory.mktemp("hk")
    return out, _render(database, out, "--unit", "Quận Hoàn Kiếm")


def test_a_district_heads_as_its_peoples_committee_dated_in_its_own_place(hoan_kiem) -> None:
    _, docs = hoan_kiem
    to_trinh = [d for name, d in docs.items() if "to-trinh" in name]
    assert len(to_trinh) == 4  # one per movement and lead agency
    for doc in to_trinh:
        lines = _text(doc)
        top = lines.index("ỦY BAN NHÂN DÂN")  # the issuing body, broken before its level as is custom
        assert lines[top + 1] == "QUẬN HOÀN KIẾM" and "SỞ" not in lines[top - 1]
        assert "Số: .../TTr-UBND" in lines and "Hoàn Kiếm, ngày …… tháng …… năm ……" in lines  # the clerk dates it
        assert any(t.startswith("Ủy ban nhân dân quận Hoàn Kiếm kính đề nghị") for t in lines)
        assert "Căn cứ Quyết định số 15/2021/QĐ-UBND ngày 02/8/2021 của UBND quận Hoàn Kiếm;" in lines
        assert "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng quận ngày 25 tháng 7 năm 2024;" in lines
        signer = lines[lines.index("TM. ỦY BAN NHÂN DÂN"):]
        assert signer[1:3] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and "Nguyễn Quang Huy" in signer
        assert "THỦ TRƯỞNG ĐƠN VỊ" not in lines


def test_one_council_meeting_gives_one_biên_bản_listing_all_it_considered(hoan_kiem) -> None:
    _, docs = hoan_kiem
    minutes = [name for name in docs if "bien-ban" in name]
    assert minutes == ["bien-ban-hop-2024-07-25.docx"]
    lines = _text(docs[minutes[0]])
    for name in ("Phòng Quản lý đô thị quận Hoàn Kiếm", "Hội Chữ thập đỏ phường Hàng Bạc", "Lê Văn Hùng",
                 "Phạm Thị Lan", "Vũ Đức Minh"):
        assert name in lines
    assert "Họp Hội đồng Thi đua - Khen thưởng quận" in lines
    assert any("02 tập thể và 03 cá nhân" in t for t in lines)


def test_the_wording_follows_who_is_in_each_batch(hoan_kiem) -> None:
    _, docs = hoan_kiem
    titles = {name: next(t for t in _text(d) if t.startswith("cho ")) for name, d in docs.items() if "to-trinh" in name}
    poor = next(t for name, t in titles.items() if "ii-2-3" in name)
    assert poor.startswith("cho tập thể có thành tích") and "cá nhân" not in poor
    order = next(t for name, t in titles.items() if "ii-2-4" in name)
    assert order.startswith("cho cá nhân có thành tích")
    urban = next(t for name, t in titles.items() if "ii-2-1" in name)
    assert urban.startswith("cho tập thể, cá nhân có thành tích")


def test_danh_sach_gives_the_year_of_birth_and_a_summary(hoan_kiem) -> None:
    _, docs = hoan_kiem
    doc = next(d for name, d in docs.items() if "ii-2-4" in name and "danh-sach" in name)
    header = [c.text for c in doc.tables[1].rows[0].cells]
    assert header[2] == "Năm sinh" and header[5] == "Tóm tắt thành tích"
    row = next(r for r in doc.tables[1].rows if r.cells[1].text == "Lê Văn Hùng")
    assert row.cells[2].text == "1978" and row.cells[5].text.startswith("Chủ trì tổ chức 12 hoạt động")
    assert "(Kèm theo Tờ trình số .../TTr-UBND ngày ……/……/…… của Ủy ban nhân dân quận Hoàn Kiếm)" in _text(doc)


def test_a_department_heads_under_the_city_and_names_the_ad_hoc_act(database: str, tmp_path: Path) -> None:
    docs = _render(database, tmp_path, "--unit", "Sở Y tế", "--date", "2024-08-05")
    lines = _text(next(d for name, d in docs.items() if "to-trinh" in name))
    top = lines.index("THÀNH PHỐ HÀ NỘI")
    assert lines[top - 1:top + 2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "SỞ Y TẾ"]  # the superior body above
    assert "Số: .../TTr-SYT" in lines and "Hà Nội, ngày 05 tháng 8 năm 2024" in lines  # the signing date given
    assert "cho cá nhân có thành tích xuất sắc đột xuất" in lines
    act = next(t for t in lines if t.startswith("- bà Đỗ Thị Hạnh"))
    assert "Điều dưỡng trưởng, Bệnh viện Thanh Nhàn" in act and "sơ cứu kịp thời một cụ bà" in act
    assert {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Minh Khoa"} <= set(lines)
    assert not any("bien-ban" in name for name in docs)  # the simplified procedure has no minutes


def test_the_lead_agency_gathers_what_the_units_sent_it(database: str, tmp_path: Path) -> None:
    docs = _render(database, tmp_path, "--receiver", "so xay dung")
    to_trinh = _text(next(d for name, d in docs.items() if "to-trinh" in name))
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (qua Ban Thi đua - Khen thưởng Thành phố)" in to_trinh
    assert lines_start(to_trinh, "Sở Xây dựng kính đề nghị Chủ tịch Ủy ban nhân dân Thành phố")
    assert "(Mục III, điểm 4.2 và Mục III, điểm 5.2, tiết b);" in " ".join(to_trinh)
    danh_sach = next(d for name, d in docs.items() if "danh-sach" in name)
    rows = [r.cells[1].text for r in danh_sach.tables[1].rows]
    # Grouped by proposing unit: Hoàn Kiếm's two nominees in II.2.1, then Hoài Đức's collective.
    assert rows.index("Ủy ban nhân dân quận Hoàn Kiếm") < rows.index("Phòng Quản lý đô thị quận Hoàn Kiếm")
    assert rows.index("Ủy ban nhân dân huyện Hoài Đức") < rows.index(LONG_NAME)
    assert "Vũ Đức Minh" in rows and "Lê Văn Hùng" not in rows  # another movement, another lead agency
    reports = [name for name in docs if "bao-cao" in name]
    assert len(reports) == 3
    hoai_duc = next(d for name, d in docs.items() if "bao-cao" in name and "to-cong-tac" in name)
    assert "Hoài Đức, ngày …… tháng …… năm ……" in _text(hoai_duc)  # the proposing unit's report, its place
    minutes = [name for name in docs if "bien-ban" in name]
    assert minutes == ["bien-ban-hop-chua-ro-ngay.docx"]  # the lead agency's own council: left to date


def test_the_to_trinh_says_what_the_dossier_holds(database: str, tmp_path: Path) -> None:
    docs = _render(database, tmp_path, "--unit", "Huyện Hoài Đức", "--no-pdf")
    lines = _text(next(d for name, d in docs.items() if "to-trinh" in name))
    held = next(t for t in lines if t.startswith("Hồ sơ gồm 01 bộ (bản chính): "))
    for part in ("biên bản họp Hội đồng Thi đua - Khen thưởng", "danh sách đề nghị khen thưởng",
                 "báo cáo thành tích của 01 tập thể", "ý kiến thống nhất của cơ quan, đơn vị quản lý"):
        assert part in held, part  # the managing body's agreement: the nominee is outside the unit's management


def lines_start(lines: list[str], start: str) -> bool:
    return any(t.startswith(start) for t in lines)


# --- pages, as printed (LibreOffice) ---------------------------------------------------------------------------------

def _pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def all_pdfs(database: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """The three units' dossiers as printed, and the lead agency's: {who: {PDF name: text of each page}}."""
    if office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    printed = {}
    whose = {"hk": ("--unit", "Quận Hoàn Kiếm"), "yt": ("--unit", "Sở Y tế"), "hd": ("--unit", "Huyện Hoài Đức"),
             "sxd": ("--receiver", "Sở Xây dựng")}
    for who, args in whose.items():
        out = tmp_path_factory.mktemp(who)
        _render(database, out, *args)
        printed[who] = {p.name: _pages(p) for p in sorted(out.glob("*.pdf"))}
    return printed


@pytest.fixture(scope="module")
def hoai_duc_pdfs(all_pdfs: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    return all_pdfs["hd"]


def test_every_docx_has_its_pdf_and_no_page_is_empty(hoai_duc_pdfs: dict[str, list[str]]) -> None:
    assert len(hoai_duc_pdfs) == 4  # Tờ trình, Biên bản, Danh sách, the report
    for name, pages in hoai_duc_pdfs.items():
        for number, text in enumerate(pages, 1):
            words = re.sub(r"\s+", " ", text).strip()
            assert len(words) > 20, f"{name}, page {number} holds only {words!r}"


def test_a_long_report_breaks_no_heading_from_its_text(hoai_duc_pdfs: dict[str, list[str]]) -> None:
    pages = next(p for name, p in hoai_duc_pdfs.items() if "bao-cao" in name)
    assert len(pages) >= 3  # the 3,000 characters wrap over pages, whole
    flat = re.sub(r"\s+", " ", " ".join(pages))
    assert LONG_TEXT[-60:].strip() in flat
    for page in pages[:-1]:
        last = [t.strip() for t in page.splitlines() if t.strip()][-1]
        assert not re.match(r"^(I|II|III|IV)\. |^\d\. .*:$", last), f"a heading left at a page's foot: {last!r}"


def test_the_long_name_is_whole_in_the_list(hoai_duc_pdfs: dict[str, list[str]]) -> None:
    pages = next(p for name, p in hoai_duc_pdfs.items() if "danh-sach" in name)
    flat = re.sub(r"\s+", " ", " ".join(pages))
    assert re.sub(r"\s+", " ", LONG_NAME) in flat


def test_in_chat_a_pdf_comes_beside_each_docx(answerer: Answerer, tmp_path: Path) -> None:
    from handlers.conversation import Conversation
    from storage.unit_of_work import UnitOfWork
    from tests.chat_driver import individual_to_review, submit

    if office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    engine = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(engine)
    chat = Chat(Conversation([answerer], lambda: UnitOfWork(engine), lambda: DURING_PLAN, pdf=True))
    individual_to_review(chat, unit="Quận Tây Hồ")
    submit(chat)
    names = [r.document.filename for r in chat.replies if r.document]
    docx = [n for n in names if n.endswith(".docx")]
    assert len(docx) == 4 and names == [n for d in docx for n in (d, d.removesuffix(".docx") + ".pdf")]
    engine.dispose()


def _signatures_only(page: str) -> bool:
    """A page whose every line belongs to a signature block: titles in capitals, '(Ký, …)', names of one to five
    capitalised words, 'Nơi nhận' and its entries, the page number."""
    lines = [t.strip() for t in page.splitlines() if t.strip()]
    def signature_line(t: str) -> bool:
        words = t.split()
        return (t.isupper() or t.startswith(("(Ký", "Nơi nhận", "- Như trên", "- Lưu")) or t.isdigit()
                or (len(words) <= 5 and all(w[:1].isupper() for w in words)))
    return bool(lines) and all(signature_line(t) for t in lines)


def test_no_page_of_any_dossier_is_empty_or_holds_only_signatures(all_pdfs: dict[str, dict[str, list[str]]]) -> None:
    assert [len(files) for files in all_pdfs.values()] == [14, 3, 4, 6]  # every DOCX has its PDF
    for who, files in all_pdfs.items():
        for name, pages in files.items():
            for number, page in enumerate(pages, 1):
                assert len(re.sub(r"\s+", " ", page).strip()) > 20, f"{who}/{name}, page {number} is empty"
                assert number == 1 or not _signatures_only(page), f"{who}/{name}, page {number}: signatures alone"
