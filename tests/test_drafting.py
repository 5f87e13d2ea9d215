"""`python -m bot plans draft|check`: a plan's text drafted into its data file, measured against the hand-encoded
plans, served at once from its sections, and bad input refused with nothing written. Through the real CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from pypdf import PdfWriter

from bot.cli import main
from knowledge.answer import Answerer
from knowledge.drafting.compare import compare
from knowledge.loader import PLANS_DIR, load_plan
from tests.conftest import ROOT

HANOI_TEXT = ROOT.parent / "shared/plan/ke-hoach-thi-dua-70-nam-giai-phong-thu-do-2024.txt"
SECOND_TEXT = PLANS_DIR / "sources/ninh-binh-2027-doan-ket-doi-moi-phat-trien.txt"
HANOI, SECOND = "hanoi-2024-70-nam-giai-phong-thu-do", "ninh-binh-2027-doan-ket-doi-moi-phat-trien"
needs_hanoi_text = pytest.mark.skipif(not HANOI_TEXT.exists(), reason="the shared plan text is not on this machine")


@pytest.fixture()
def plans_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    monkeypatch.setenv("PLANS_DIR", str(folder))
    return folder


def _draft(source: Path, plan_id: str, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["plans", "draft", str(source), "--id", plan_id, "--out", str(out)]) == 0
    return capsys.readouterr().out


@needs_hanoi_text
def test_the_hanoi_draft_matches_the_hand_encoded_plan(plans_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _draft(HANOI_TEXT, "draft", plans_dir, capsys)
    figures = compare(load_plan("draft", plans_dir)[0], load_plan(HANOI)[0])
    assert figures.sections.share >= 0.98, figures.lines()
    assert figures.deadlines.share == 1 and figures.quotas.share == 1, figures.lines()
    assert figures.movements.share >= 0.9 and figures.duties.share >= 0.9, figures.lines()
    assert figures.dossier.share == 1 and figures.award.share == 1 and figures.signer.share == 1, figures.lines()
    assert figures.what.share >= 0.6 and figures.who.share >= 0.8, figures.lines()


def test_the_second_plan_drafts_with_its_own_numbering(plans_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _draft(SECOND_TEXT, "draft", plans_dir, capsys)
    figures = compare(load_plan("draft", plans_dir)[0], load_plan(SECOND)[0])
    assert figures.sections.share >= 0.98 and figures.deadlines.share == 1, figures.lines()
    assert figures.movements.share >= 0.9 and figures.duties.share >= 0.9, figures.lines()
    assert figures.dossier.share >= 0.8 and figures.award.share == 1 and figures.signer.share == 1, figures.lines()
    assert figures.what.share >= 0.75 and figures.who.share >= 0.5, figures.lines()


def test_a_draft_is_checked_and_answered_from_its_sections(plans_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans", "draft", str(SECOND_TEXT), "--id", "draft"]) == 0  # into the plans folder by default
    assert "plans check draft" in capsys.readouterr().out and (plans_dir / "draft.yaml").is_file()
    assert main(["plans"]) == 0 and capsys.readouterr().out.split() == ["draft"]
    assert main(["plans", "check", "draft"]) == 0
    report = capsys.readouterr().out
    assert "đọc được (101 mục)" in report and "deadlines[0] (2.3)" in report
    monkeypatch.setenv("PLAN_IDS", "draft")
    assert main(["ask", "--json", "Mục đích của kế hoạch là gì?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["found"] and answer["sources"][0].startswith("1.1")


def test_facts_under_review_are_ignored_until_confirmed(plans_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _draft(SECOND_TEXT, "draft", plans_dir, capsys)
    assert Answerer(*load_plan("draft", plans_dir)).plan.deadlines == []
    path = plans_dir / "draft.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["deadlines"][1]["review"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    served = Answerer(*load_plan("draft", plans_dir)).plan.deadlines
    assert [d.wording for d in served] == [data["deadlines"][1]["wording"]]


def test_check_names_the_schema_error_and_fails(plans_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _draft(SECOND_TEXT, "draft", plans_dir, capsys)
    path = plans_dir / "draft.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["quotas"][0]["unit_class"] = "nowhere"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["plans", "check", "draft"]) != 0
    assert "quotas[0].unit_class: unknown unit class 'nowhere'" in capsys.readouterr().err


def _tracked_docx(path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("KẾ HOẠCH")
    paragraph._p.append(OxmlElement("w:ins"))
    document.save(str(path))


def _scanned_pdf(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)


BAD = {
    "tracked.docx": (_tracked_docx, "tracked changes"),
    "scan.pdf": (_scanned_pdf, "no text layer"),
    "empty.txt": (lambda p: p.write_text("", "utf-8"), "empty"),
    "letter.txt": (lambda p: p.write_text("KẾ HOẠCH\nKính gửi các đơn vị.\nTrân trọng.\n", "utf-8"), "not a plan"),
    "memo.txt": (lambda p: p.write_text("Công văn\nI. Việc một\n1. Nội dung\n", "utf-8"), "not a plan"),
    "plan.odt": (lambda p: p.write_text("KẾ HOẠCH", "utf-8"), "unknown extension"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_refused_and_nothing_written(name: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    make, problem = BAD[name]
    source, out = tmp_path / name, tmp_path / "out"
    make(source)
    assert main(["plans", "draft", str(source), "--id", "bad", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(source) in err and problem in err
    assert not out.exists() or not any(out.iterdir())


def test_a_docx_plan_is_drafted_with_its_header_in_a_table(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    lines = SECOND_TEXT.read_text("utf-8").splitlines()
    title = lines.index("KẾ HOẠCH")
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    for line in lines[:title]:  # the national motto in the right column, the issuing body's lines in the left
        (right if "CỘNG HÒA" in line or "Hạnh phúc" in line else left).add_paragraph(line)
    for line in lines[title:]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "plan.docx"))
    _draft(tmp_path / "plan.docx", "from-docx", tmp_path / "out", capsys)
    drafted, gold = load_plan("from-docx", tmp_path / "out")[0], load_plan(SECOND)[0]
    assert compare(drafted, gold).sections.share >= 0.98
    assert drafted.header.issuer == gold.header.issuer and drafted.header.signer.name == gold.header.signer.name


OTHER_PLAN = """ỦY BAN NHÂN DÂN
HUYỆN MẪU

Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu, ngày 05 tháng 01 năm 2031
KẾ HOẠCH
Thi đua lao động giỏi năm 2031
Căn cứ Quyết định số 7/QĐ-UBND ngày 02/01/2031 của Ủy ban nhân dân huyện về công tác thi đua;
PHẦN I - MỤC ĐÍCH
1) Khơi dậy tinh thần thi đua trong toàn huyện.
PHẦN II - NỘI DUNG
1) Phong trào thi đua "Lao động giỏi"
- Cơ quan chủ trì: Phòng Nội vụ.
- Cơ quan phối hợp: Phòng Tài chính - Kế hoạch; các xã, thị trấn.
- Thời gian: Từ tháng 3/2031 đến tháng 9/2031.
2) Số lượng khen thưởng
- Mỗi xã, thị trấn lựa chọn tối đa 04 cá nhân.
- Hồ sơ gửi về Phòng Nội vụ chậm nhất ngày 15/10/2031.
- Hồ sơ đề nghị khen thưởng gồm: Tờ trình của xã, thị trấn; Danh sách cá nhân;
báo cáo thành tích của cá nhân; bản sao giấy khen (nếu có).
- Số lượng hồ sơ: mỗi hồ sơ gồm 02 bộ.
- Các xã, thị trấn gửi báo cáo tổng kết về Phòng Nội vụ trước ngày 30/9/2031.
PHẦN III - TỔ CHỨC THỰC HIỆN
1) Phòng Nội vụ
Hướng dẫn, đôn đốc các xã, thị trấn thực hiện Kế hoạch này./.
Nơi nhận:
- Các xã, thị trấn;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def test_another_numbering_is_drafted_without_a_plan_of_its_own_in_code(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "other.txt"
    source.write_text(OTHER_PLAN, "utf-8")
    _draft(source, "other", tmp_path / "out", capsys)
    plan = load_plan("other", tmp_path / "out")[0]
    assert [s.id for s in plan.sections] == ["header", "I", "I.1", "II", "II.1", "II.2", "III", "III.1"]
    assert sorted((d.date.isoformat(), d.wording, d.before, d.section) for d in plan.deadlines) == [
        ("2031-09-30", "trước ngày 30/9/2031", True, "II.2"),
        ("2031-10-15", "chậm nhất ngày 15/10/2031", False, "II.2")]
    report = next(d for d in plan.deadlines if d.before)
    assert (report.who, report.what) == ("Các xã, thị trấn", "Gửi báo cáo tổng kết về Phòng Nội vụ")
    assert [(s.stage, s.items, s.section) for s in plan.dossier.sets] == [("unit_to_chairman", [
        "Tờ trình của xã, thị trấn", "Danh sách cá nhân", "Báo cáo thành tích của cá nhân",
        "Bản sao giấy khen (nếu có)"], "II.2")]
    assert [(p.name, p.required, p.made) for p in plan.papers] == [
        ("Báo cáo thành tích của cá nhân", True, True), ("Bản sao giấy khen (nếu có)", False, False)]
    assert plan.header.signer.title == "Phó Chủ tịch Ủy ban nhân dân huyện Mẫu"
    assert plan.dossier.copies.count == 2
    assert [(q.nominee, q.max) for q in plan.quotas] == [("individual", 4)]
    assert [(m.id, m.lead, m.period) for m in plan.movements] == [
        ("II.1", "Phòng Nội vụ", "Từ tháng 3/2031 đến tháng 9/2031")]
    assert [(d.body, d.section) for d in plan.duties] == [("Phòng Nội vụ", "III.1")]
    assert plan.period.start == "2031-03" and plan.year == 2031 and plan.header.signer.name == "Nguyễn Văn A"
    assert plan.documents[0].number == "7/QĐ-UBND" and plan.documents[0].role == "basis"


def test_a_draft_is_chatted_with_on_a_new_database(plans_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Through `chat` on a fresh database whose plans folder holds only the draft: the migrations run, and a question
    whose facts all wait for review is answered from the sections, never with an empty fact."""
    _draft(SECOND_TEXT, "draft", plans_dir, capsys)
    env = {**os.environ, "PLANS_DIR": str(plans_dir), "PLAN_IDS": "draft", "BOT_TODAY": "2027-03-01",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}
    asked = "Thời gian thi đua từ ngày nào đến ngày nào?\nHạn nộp hồ sơ đề nghị tặng Cờ thi đua là ngày nào?\n"
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input=asked,
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "30/11/2027" in done.stdout and "10/12/2027" in done.stdout and "Theo  của" not in done.stdout


def test_a_pdf_with_a_text_layer_is_drafted(plans_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The second plan's text printed to PDF by LibreOffice (its long lines wrapped, as a PDF's are), read back by
    its text layer."""
    from documents.pdf import office, to_pdf

    if office() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    text = tmp_path / "plan.txt"
    text.write_text(SECOND_TEXT.read_text("utf-8"), "utf-8")
    [pdf] = to_pdf([text], tmp_path / "pdf")
    _draft(pdf, "draft", plans_dir, capsys)
    figures = compare(load_plan("draft", plans_dir)[0], load_plan(SECOND)[0])
    assert figures.sections.share >= 0.95 and figures.deadlines.share == 1, figures.lines()
    assert figures.movements.share == 1, figures.lines()
