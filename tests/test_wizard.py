"""The nomination wizard through the conversation core, on SQLite and on PostgreSQL: whole transcripts."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from sqlalchemy import Engine
from sqlmodel import Session, select

from handlers.conversation import Conversation
from handlers.events import Address
from knowledge.answer import Answerer
from storage.models import Attachment, Nomination, SubmissionAudit, User
from tests.chat_driver import (ACHIEVEMENT, Chat, finish_tong_ket, individual_to_review, start_dot_xuat_individual,
                               start_tong_ket_individual, submit)
from tests.conftest import DURING_PLAN, make_conversation

ADMIN = Address("telegram", "999")


@pytest.fixture()
def conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return make_conversation(answerer, engine, DURING_PLAN, lambda body: [ADMIN])


def _nominations(engine: Engine) -> list[Nomination]:
    with Session(engine) as s:
        return list(s.exec(select(Nomination).order_by(Nomination.id)))


def test_individual_tong_ket_from_a_district(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    chat.say("/denghi")
    assert "đơn vị nào" in chat.text
    chat.say("q ba dinh")
    chat.tap("Khen thưởng tổng kết")
    assert "còn 2/2 tập thể, 3/3 cá nhân" in chat.text and "còn 30 ngày" in chat.text
    chat.tap("Đô thị văn minh")
    chat.tap("Cá nhân")
    assert "Nghị định 13/2023/NĐ-CP" in chat.text and "/xoadulieu" in chat.text
    for answer in ("nguyễn văn an", "Nam", "ngày 15 tháng 3 năm 1980", "Phó Trưởng phòng", "UBND quận Ba Đình"):
        chat.tap(answer) if answer == "Nam" else chat.say(answer)
    chat.tap("Có")
    finish_tong_ket(chat)
    review = chat.text
    for shown in ("Quận Ba Đình", "Nguyễn Văn An", "15/03/1980", "Phó Trưởng phòng", ACHIEVEMENT[:40],
                  "20/07/2024", "Nơi nhận hồ sơ: Sở Xây dựng"):
        assert shown in review
    submit(chat)
    assert "Đã nộp" in chat.text and "còn 2/2 tập thể, 2/3 cá nhân" in chat.text
    names = [r.document.filename for r in chat.replies if r.document]  # ready-to-sign drafts come with it
    assert len(names) == 4 and all(any(k in n for n in names) for k in ("to-trinh", "bien-ban", "danh-sach", "bao-cao"))
    notice = [r for r in chat.replies if r.to == ADMIN]
    assert len(notice) == 1 and "Nguyễn Văn An" in notice[0].text and "Quận Ba Đình" in notice[0].text
    (nomination,) = _nominations(engine)
    assert nomination.status == "submitted" and nomination.answers["birth"] == "15/03/1980"
    with Session(engine) as s:
        assert len(s.exec(select(SubmissionAudit)).all()) == 1
        assert s.exec(select(User)).one().unit_id == nomination.unit_id
    chat.say("/hosocuatoi")
    chat.tap("Tải bộ hồ sơ của đơn vị")
    (archive,) = [r.document for r in chat.replies if r.document]
    assert "Hồ sơ anh/chị đã nộp cho Quận Ba Đình" in chat.text and archive.filename == "ho-so-quan-ba-dinh.zip"
    assert len(zipfile.ZipFile(io.BytesIO(archive.data)).namelist()) == 4  # Tờ trình, Biên bản, Danh sách, report


def test_collective_from_a_department_outside_management_attaches_files(conversation: Conversation,
                                                                        engine: Engine) -> None:
    chat = Chat(conversation)
    chat.say("/denghi")
    chat.say("Sở Y tế")
    chat.tap("Khen thưởng tổng kết")
    assert "còn 1/1 tập thể, 2/2 cá nhân" in chat.text
    chat.tap("Chung")
    chat.tap("Tập thể")
    chat.say("Khoa Cấp cứu Bệnh viện Đa khoa Xanh Pôn")
    chat.say("Bệnh viện Đa khoa Xanh Pôn")
    chat.say("Trần Thị Bình")
    assert "bao nhiêu thành viên" in chat.text
    chat.say("1")  # a count, not the first button
    chat.tap("Không")
    chat.say(ACHIEVEMENT)
    chat.say(ACHIEVEMENT)
    assert chat.text.count("tiêu chuẩn sau") == 1 and "III.3.2.a" in chat.text
    for _ in range(3):
        chat.tap("Đạt")
    chat.say("hôm qua")  # the council met yesterday: dateparser reads relative dates
    assert "Báo cáo thành tích" in chat.text
    chat.say(attachment="sticker", attachment_id="sticker-1")
    assert "nhãn dán" in chat.text and "Báo cáo thành tích" in chat.text  # a sticker is no paper
    chat.say(attachment="document", attachment_id="file-1", attachment_name="bao-cao.pdf")
    assert "Ý kiến thống nhất" in chat.text  # outside management: the managing body's agreement is required
    assert "Không có" not in chat.labels
    chat.say(attachment="photo", attachment_id="file-2", attachment_name="y-kien.jpg")
    chat.tap("Không có")
    assert "đã gửi tệp bao-cao.pdf" in chat.text and "đã gửi tệp y-kien.jpg" in chat.text
    assert "31/07/2024" in chat.text and "Số thành viên: 1" in chat.text
    assert "UBND Thành phố (qua Ban Thi đua - Khen thưởng Thành phố)" in chat.text
    submit(chat)
    assert "Đã nộp" in chat.text
    with Session(engine) as s:
        files = s.exec(select(Attachment).order_by(Attachment.id)).all()
    assert [(a.paper_id, a.file_ref) for a in files] == [("bao-cao-thanh-tich", "file-1"),
                                                         ("y-kien-co-quan-quan-ly", "file-2")]


def test_dot_xuat_asks_act_and_merit_and_goes_to_the_chairman(conversation: Conversation,
                                                              engine: Engine) -> None:
    chat = Chat(conversation)
    after_award = start_dot_xuat_individual(chat)[2]
    assert "Chỉ tiêu" not in after_award  # no quota for đột xuất
    chat.say(ACHIEVEMENT)
    assert "Công trạng" in chat.text
    chat.say(ACHIEVEMENT)
    chat.tap("Đạt")
    assert "Báo cáo tóm tắt thành tích" in chat.text and "Hội đồng" not in chat.text
    chat.tap("Nộp bản giấy")
    chat.tap("Không có")
    assert "Ngày sinh: 1980" in chat.text and "Nơi nhận hồ sơ: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (Mục III.5.1)" in chat.text
    submit(chat)
    assert "Đã nộp" in chat.text
    assert _nominations(engine)[0].award_kind == "dot_xuat"


def test_back_and_changes_from_the_review(conversation: Conversation) -> None:
    chat = Chat(conversation)
    start_tong_ket_individual(chat)
    chat.tap("Quay lại")
    assert "phạm vi quản lý" in chat.text  # one step back: the last answer is asked again
    chat.tap("Quay lại")
    assert "Đơn vị công tác" in chat.text
    chat.say("UBND phường Điện Biên")
    chat.tap("Có")
    finish_tong_ket(chat)
    chat.tap("Sửa: Họ và tên")
    assert "Sửa." in chat.text
    chat.say("Phạm Thu Hà")
    assert "Kiểm tra lại hồ sơ" in chat.text and "Phạm Thu Hà" in chat.text and "Nguyễn Văn An" not in chat.text
    chat.tap("Sửa: Đối tượng")
    chat.tap("Tập thể")  # a different kind of nominee: its own details and criteria are asked
    assert "Tên đầy đủ của tập thể" in chat.text
    chat.tap("Quay lại")
    assert "Kiểm tra lại hồ sơ" not in chat.text and "tập thể hay cá nhân" in chat.text


def test_quota_exceeded_is_refused_with_the_figures(conversation: Conversation) -> None:
    waiting = Chat(conversation, user="waiting")
    individual_to_review(waiting, name="Đỗ Minh Khoa")
    for i, name in enumerate(("Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Cúc")):
        chat = Chat(conversation, user=f"officer{i}")
        individual_to_review(chat, name=name)
        submit(chat)
        assert "Đã nộp" in chat.text
    submit(waiting)
    assert "Quận Ba Đình đã nộp 3/3 cá nhân" in waiting.text and "Kiểm tra lại hồ sơ" in waiting.text
    late = Chat(conversation, user="officer0")
    late.say("/denghi")
    late.tap("Khen thưởng tổng kết")
    assert "còn 2/2 tập thể, 0/3 cá nhân" in late.text
    late.tap("Vì người nghèo")
    late.tap("Cá nhân")
    assert "đã nộp 3/3 cá nhân" in late.text and "tập thể hay cá nhân" in late.text
    late.tap("Tập thể")
    assert "Tên đầy đủ của tập thể" in late.text


def test_late_submission_is_refused_with_the_date(answerer: Answerer, engine: Engine) -> None:
    day = [dt.date(2024, 8, 31)]
    chat = Chat(make_conversation(answerer, engine, lambda: day[0]))
    individual_to_review(chat)
    day[0] = dt.date(2024, 9, 1)
    submit(chat)
    assert "Đã quá hạn" in chat.text and "trước ngày 01/9/2024" in chat.text and "31/08/2024" in chat.text
    assert _nominations(engine)[0].status == "draft"
    chat.tap("Sửa: Loại khen thưởng")
    chat.tap("Khen thưởng tổng kết")
    assert "Đã quá hạn" in chat.text


def test_bad_answers_get_the_same_question_again(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    chat.say("/denghi")
    chat.say("🙂🙂")
    assert "chưa tìm thấy đơn vị" in chat.text and "Khác" in chat.labels
    chat.say("Quận Ba Đình")
    chat.say("<b>tong ket</b>")
    assert "cần chọn một mục" in chat.text
    chat.tap("Khen thưởng tổng kết")
    chat.tap("Đô thị văn minh")
    chat.tap("Cá nhân")
    for bad, reason in (("x" * 5000, "quá dài"), ("Ng. V. An", "không viết tắt"), ("", "gõ nội dung"),
                        ("<script>alert(1)</script>", "không viết tắt")):
        chat.say(bad)
        assert reason in chat.text and "Họ và tên đầy đủ" in chat.text
    chat.say(attachment="photo", attachment_id="p1")
    assert "gõ nội dung bằng chữ" in chat.text and "Họ và tên đầy đủ" in chat.text
    chat.say("Nguyễn Văn An")
    chat.tap("Nam")
    for bad, reason in (("15/3/2090", "Năm sinh cần trong khoảng"), ("ngày mai", "Năm sinh cần trong khoảng"),
                        ("không nhớ", "chưa đọc được ngày")):
        chat.say(bad)
        assert reason in chat.text and "Ngày, tháng, năm sinh" in chat.text
    chat.say(attachment="photo", attachment_id="p2")
    assert "Ngày, tháng, năm sinh" in chat.text
    chat.say("1980")
    chat.say("P")
    assert "quá ngắn" in chat.text
    chat.say("Chuyên viên")
    chat.say("UBND quận Ba Đình")
    chat.tap("Có")
    chat.say("Làm tốt.")
    assert "quá ngắn" in chat.text and "Thành tích nổi bật" in chat.text
    chat.say(ACHIEVEMENT)
    chat.say(ACHIEVEMENT)
    chat.tap("Đạt")
    chat.tap("Đạt")
    chat.say("20/7/2090")
    assert "Ngày họp cần trong khoảng" in chat.text
    chat.say("20/7/2024")
    assert "Giấy tờ cần có" in chat.text
    answers = _nominations(engine)[0].answers
    assert answers["full_name"] == "Nguyễn Văn An" and answers["birth"] == "1980" and answers["position"] == "Chuyên viên"


def test_a_criterion_not_met_stops_the_draft(conversation: Conversation) -> None:
    chat = Chat(conversation)
    start_tong_ket_individual(chat)
    chat.say(ACHIEVEMENT)
    chat.say(ACHIEVEMENT)
    chat.tap("Không đạt")
    assert "Hồ sơ dừng lại" in chat.text and "III.3.2.b" in chat.text
    assert "Đạt" not in chat.labels and "Hủy hồ sơ" in chat.labels
    chat.say("hello")
    assert "Hồ sơ dừng lại" in chat.text  # nothing moves on until the answer is changed or the draft cancelled
    chat.tap("Quay lại")
    chat.tap("Đạt")
    assert "tiêu chuẩn sau" in chat.text and "Có thành tích tiêu biểu" in chat.text


def test_double_taps_and_stale_buttons_act_once(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    chat.say("/denghi")
    chat.say("Quận Ba Đình")
    first = chat.payload("Khen thưởng tổng kết")
    chat.tap("Khen thưởng tổng kết")
    chat.press(first, origin="x")
    assert "Nút đó thuộc một bước đã qua" in chat.text and "Thành tích thuộc phong trào" in chat.text
    assert len(_nominations(engine)) == 1
    chat2 = Chat(conversation, user="u2")
    individual_to_review(chat2)
    button = chat2.payload("Nộp hồ sơ")
    submit(chat2)
    chat2.press(button, origin="later")
    assert "đã được nộp hoặc đã hủy" in chat2.text
    with Session(engine) as s:
        assert len(s.exec(select(SubmissionAudit)).all()) == 1


def test_users_see_and_change_only_their_own_drafts(conversation: Conversation, engine: Engine) -> None:
    owner = Chat(conversation, user="owner")
    individual_to_review(owner)
    intruder = Chat(conversation, user="intruder")
    stolen = owner.payload("Nộp hồ sơ")
    intruder.press(stolen)
    assert "đã được nộp hoặc đã hủy" in intruder.text and "Nguyễn Văn An" not in intruder.text
    assert [n.status for n in _nominations(engine)] == ["draft"]
    intruder.say("/hosocuatoi")
    assert "chưa có hồ sơ nào" in intruder.text
    owner.say("/hosocuatoi")
    assert "Nguyễn Văn An" in owner.text and "nháp" in owner.text
    assert Chat(conversation, user="owner", platform="zalo").say("/hosocuatoi")[0].text.startswith("Anh/chị chưa có")


def test_cancel_asks_for_confirmation(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    start_tong_ket_individual(chat)
    chat.say("/huy")
    assert "Hủy hồ sơ nháp của Nguyễn Văn An?" in chat.text
    chat.tap("Không, tiếp tục")
    assert "Thành tích nổi bật" in chat.text
    chat.say("/huy")
    chat.tap("Có, hủy hồ sơ")
    assert "Đã hủy hồ sơ nháp" in chat.text and _nominations(engine)[0].status == "cancelled"
    chat.say("/tieptuc")
    assert "không có hồ sơ nháp" in chat.text


def test_erase_my_data_keeps_submissions(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    individual_to_review(chat)
    submit(chat)
    start_tong_ket_individual(chat, name="Trần Văn Bình")
    chat.say("/xoadulieu")
    chat.tap("Không")
    assert len(_nominations(engine)) == 2
    chat.say("/xoadulieu")
    chat.tap("Có, xóa")
    assert "Đã xóa: 1 hồ sơ nháp" in chat.text and "Vẫn giữ: 1 hồ sơ đã nộp" in chat.text
    assert [n.status for n in _nominations(engine)] == ["submitted"]
    with Session(engine) as s:
        assert s.exec(select(User)).one().unit_id is None
    chat.say("/denghi")
    assert "đơn vị nào" in chat.text  # the profile went too


def test_a_new_process_resumes_where_the_user_was(answerer: Answerer, engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, engine, DURING_PLAN))
    start_tong_ket_individual(chat)
    restarted = Chat(make_conversation(answerer, engine, DURING_PLAN))
    restarted.say(ACHIEVEMENT)  # taken as the answer to the step the user was on
    assert "Sáng kiến, giải pháp" in restarted.text


def test_optional_particulars_are_added_from_the_review_and_reach_the_report(conversation: Conversation,
                                                                             engine: Engine) -> None:
    chat = Chat(conversation)
    individual_to_review(chat)  # never asked in turn: the review lists them as not yet added
    assert "Chưa bổ sung (không bắt buộc" in chat.text and "Dân tộc, Tôn giáo, Quê quán" in chat.text
    chat.tap("Bổ sung: Dân tộc")
    assert "Dân tộc" in chat.text and "Bỏ qua" in chat.labels
    chat.say("Mường")
    assert "- Dân tộc: Mường" in chat.text and "Sửa: Dân tộc" in chat.labels
    chat.tap("Bổ sung: Quê quán")
    chat.say("bỏ qua")  # the button's label typed
    assert "Kiểm tra lại hồ sơ" in chat.text and "- Quê quán" not in chat.text
    chat.press(chat.payload("Nộp hồ sơ").replace(":submit", ":skip:religion"))  # a forged skip: changes nothing
    assert _nominations(engine)[0].answers.get("religion") is None
    submit(chat)
    report = next(r.document for r in chat.replies if r.document and "bao-cao" in r.document.filename)
    lines = [p.text for p in Document(io.BytesIO(report.data)).paragraphs]
    assert "- Dân tộc: Mường" in lines and "- Quê quán: \t" in lines  # the rest left as a dotted line


def test_a_form_without_a_field_the_code_reads_is_refused_at_load(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from handlers.nomination.form import FORM_FILE, FormError, load_form

    renamed = tmp_path / "form.yaml"
    renamed.write_text(FORM_FILE.read_text(encoding="utf-8").replace("key: full_name", "key: ho_ten"), "utf-8")
    with pytest.raises(FormError, match="full_name"):
        load_form(renamed)
