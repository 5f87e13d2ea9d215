"""The unit's profile (/donvi): proposed from the unit directory, completed once before a unit's first submission,
kept for every officer of the unit, and robust to what officers type."""
from __future__ import annotations

import io

import pytest
from docx import Document
from sqlalchemy import Engine
from sqlmodel import Session, select

from handlers.conversation import Conversation
from knowledge.answer import Answerer
from storage.models import Nomination, Unit
from tests.chat_driver import ACHIEVEMENT, INITIATIVE, Chat, individual_to_review, settle_profile, submit
from tests.conftest import DURING_PLAN, make_conversation


@pytest.fixture()
def conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return make_conversation(answerer, engine, DURING_PLAN)


def _stored(engine: Engine, name: str) -> dict:
    with Session(engine) as s:
        return dict(s.exec(select(Unit).where(Unit.name == name)).one().profile)


def _to_signer(chat: Chat) -> None:
    individual_to_review(chat, unit="Quận Cầu Giấy")
    chat.tap("Nộp hồ sơ")
    assert "hồ sơ đầu tiên của Quận Cầu Giấy" in chat.text and "Ai ký Tờ trình" in chat.text


def test_without_a_unit_it_says_how_to_get_one(conversation: Conversation) -> None:
    chat = Chat(conversation)
    chat.say("/donvi")
    assert "chưa chọn đơn vị" in chat.text and "/denghi" in chat.text and not chat.labels


def test_the_directory_proposes_and_the_officer_completes_once_for_the_unit(conversation: Conversation,
                                                                            engine: Engine) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    assert chat.labels[:2] == ["TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"]
    chat.say("kt. chủ tịch / phó chủ tịch")  # typed instead of tapped: the block offered that it names
    chat.say("hoàng  thị   mai")
    summary = chat.text
    for line in ("Cơ quan ban hành: Ủy ban nhân dân quận Cầu Giấy", "Chữ viết tắt: UBND", "Địa danh: Cầu Giấy",
                 "Hội đồng Thi đua - Khen thưởng: Hội đồng Thi đua - Khen thưởng quận",
                 "Thẩm quyền, chức vụ người ký: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
                 "Họ và tên người ký: Hoàng Thị Mai",
                 "Cơ quan cấp trên: (để trống)"):
        assert line in summary, line
    assert _stored(engine, "Quận Cầu Giấy").get("confirmed") is None  # nothing final until confirmed
    chat.tap("Xác nhận")
    assert "Đã lưu thông tin đơn vị" in chat.text and "Đã nộp" in chat.text
    assert _stored(engine, "Quận Cầu Giấy")["confirmed"] is True
    documents = [r.document for r in chat.replies if r.document]
    to_trinh = Document(io.BytesIO(next(d.data for d in documents if "to-trinh" in d.filename)))
    cells = "\n".join(c.text for t in to_trinh.tables for row in t.rows for c in row.cells).splitlines()
    assert {"QUẬN CẦU GIẤY", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Thị Mai"} <= set(cells)
    # Another officer of the unit submits without being asked again.
    other = Chat(conversation, user="u2")
    individual_to_review(other, unit="Quận Cầu Giấy", name="Trần Văn Bình")
    other.tap("Nộp hồ sơ")
    assert "Đã nộp" in other.text and "Ai ký" not in other.text


def test_donvi_changes_one_line_and_keeps_the_rest(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    individual_to_review(chat, unit="Sở Y tế")
    submit(chat)
    chat.say("/donvi")
    assert "Cơ quan cấp trên: Ủy ban nhân dân thành phố Hà Nội" in chat.text
    chat.tap("Sửa: Văn bản quy định chức năng")
    assert "Bỏ qua" in chat.labels
    chat.say("Quyết định số 22/2022/QĐ-UBND của UBND Thành phố")
    assert "Văn bản quy định chức năng, nhiệm vụ: Quyết định số 22/2022/QĐ-UBND" in chat.text
    chat.tap("Xác nhận")
    stored = _stored(engine, "Sở Y tế")
    assert stored["functions"].startswith("Quyết định số 22/2022") and stored["code"] == "UBND"
    chat.say("/donvi")
    chat.tap("Sửa: Văn bản quy định chức năng")
    chat.tap("Bỏ qua")
    chat.tap("Xác nhận")
    assert _stored(engine, "Sở Y tế")["functions"] == ""


@pytest.mark.parametrize(("event", "told"), [
    ({"text": ""}, "gõ nội dung bằng chữ"),
    ({"text": "x" * 5000}, "quá dài"),
    ({"text": "🙂🙂🙂"}, "Họ tên chưa hợp lệ"),
    ({"text": "", "attachment": "photo", "attachment_id": "p1"}, "gõ nội dung bằng chữ"),
    ({"text": "Nguyễn V."}, "Họ tên chưa hợp lệ"),
])
def test_bad_input_at_a_step_is_refused_in_vietnamese_and_keeps_the_step(conversation: Conversation,
                                                                         engine: Engine, event: dict,
                                                                         told: str) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.tap("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    assert "Họ và tên người ký" in chat.text
    chat.say(**event)
    assert told in chat.text and "Họ và tên người ký" in chat.text
    assert "signer_name" not in _stored(engine, "Quận Cầu Giấy")


def test_html_is_kept_as_typed_and_a_question_is_answered_not_kept(conversation: Conversation,
                                                                   engine: Engine) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.tap("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
    chat.say("hạn nộp hồ sơ tổng kết là ngày nào?")
    assert "01/9/2024" in chat.text and "không được lưu" in chat.text and "Họ và tên người ký" in chat.text
    assert "signer_name" not in _stored(engine, "Quận Cầu Giấy")
    chat.say("Lê Văn Tám")
    chat.tap("Sửa: Cơ quan ban hành")
    chat.say("<b>UBND</b> quận Cầu Giấy & Co")
    assert _stored(engine, "Quận Cầu Giấy")["issuer"] == "<b>UBND</b> quận Cầu Giấy & Co"


def test_forged_and_repeated_buttons_change_nothing(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.press("u:set:signer_title:99")  # no such proposal
    assert "Ai ký Tờ trình" in chat.text
    chat.press("u:edit:role")  # no such field
    chat.press("u:skip:signer_name")  # not skippable
    assert "signer_title" not in _stored(engine, "Quận Cầu Giấy")
    settle_profile(chat)
    assert "Đã nộp" in chat.text
    chat.press("u:confirm", origin="again")  # a second tap on an old message: no second submission
    with Session(engine) as s:
        assert len(s.exec(select(Nomination).where(Nomination.status == "submitted")).all()) == 1


def test_a_command_leaves_the_profile_and_the_draft_waits(conversation: Conversation, engine: Engine) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.say("/hanchot")
    assert "01/9/2024" in chat.text
    chat.say("Nguyễn Văn Ký")  # no longer the signer's step: read as a question, kept nowhere
    assert "signer_name" not in _stored(engine, "Quận Cầu Giấy")
    chat.say("/tieptuc")
    submit(chat)
    assert "Đã nộp" in chat.text


def test_documents_are_made_after_the_submission_is_committed(conversation: Conversation, engine: Engine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import handlers.nomination.dossier as dossier_module

    real = dossier_module.dossier
    seen: list[str] = []

    def watching(*args, **kwargs):  # type: ignore[no-untyped-def]
        with Session(engine) as other:  # another connection sees the submission: its transaction is over
            seen.extend(n.status for n in other.exec(select(Nomination)).all())
        return real(*args, **kwargs)

    monkeypatch.setattr(dossier_module, "dossier", watching)
    chat = Chat(conversation)
    individual_to_review(chat, unit="Quận Cầu Giấy")
    submit(chat)
    assert seen == ["submitted"] and any(r.document for r in chat.replies)


def test_documents_that_cannot_be_made_leave_the_submission_and_say_so(conversation: Conversation, engine: Engine,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import handlers.nomination.dossier as dossier_module

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("LibreOffice vanished")

    monkeypatch.setattr(dossier_module, "dossier", broken)
    chat = Chat(conversation)
    individual_to_review(chat, unit="Quận Cầu Giấy")
    submit(chat)
    assert "Đã nộp" in chat.text and "Chưa tạo được tệp văn bản" in chat.text and "/hosocuatoi" in chat.text
    assert "Traceback" not in chat.text and "RuntimeError" not in chat.text
    with Session(engine) as s:
        assert [n.status for n in s.exec(select(Nomination)).all()] == ["submitted"]


def test_a_registered_lead_agency_gets_what_it_accepted(answerer: Answerer, engine: Engine) -> None:
    from handlers.events import Address
    from storage.unit_of_work import UnitOfWork

    lead_chat = Address("test", "lead")
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: DURING_PLAN,
                                received_by=lambda chat: ["Sở Xây dựng"] if chat == lead_chat else [])
    lead = Chat(conversation, user="lead")
    lead.say("/hosotonghop")  # its own Tờ trình is headed and signed as its profile says: settled first, once
    assert "Trước khi lập hồ sơ tổng hợp của Sở Xây dựng" in lead.text and "Chữ viết tắt" in lead.text
    lead.say("SXD")
    settle_profile(lead)
    assert "Sở Xây dựng chưa tiếp nhận hồ sơ" in lead.text
    officer = Chat(conversation, user="hk")
    individual_to_review(officer, unit="Quận Hoàn Kiếm", name="Đinh Thị Thu")  # II.2.1, led by Sở Xây dựng
    submit(officer)
    officer.say("/hosotonghop")
    assert "dành cho người nhận hồ sơ của cơ quan chủ trì" in officer.text
    assert not any(r.document for r in officer.replies)
    lead.say("/hosotonghop")
    assert "chưa tiếp nhận" in lead.text and not any(r.document for r in lead.replies)  # submitted, not accepted
    lead.say("/hosonhan")
    lead.tap("Xem")
    lead.tap("Tiếp nhận")
    lead.say("/hosotonghop")
    assert "(qua Ban Thi đua - Khen thưởng Thành phố)" in lead.text and "Mục III.5.2.b" in lead.text
    files = {r.document.filename: r.document.data for r in lead.replies if r.document}
    danh_sach, to_trinh = (Document(io.BytesIO(next(d for n, d in files.items() if kind in n)))
                           for kind in ("danh-sach", "to-trinh"))
    rows = [r.cells[1].text for r in danh_sach.tables[1].rows]
    assert "Ủy ban nhân dân quận Hoàn Kiếm" in rows and "Đinh Thị Thu" in rows  # grouped by proposing unit
    import zipfile

    (reports,) = [d for n, d in files.items() if n.endswith(".zip")]
    with zipfile.ZipFile(io.BytesIO(reports)) as z:
        assert len(z.namelist()) == 1 and "bao-cao" in z.namelist()[0]
    lines = "\n".join([p.text for p in to_trinh.paragraphs]
                      + [c.text for t in to_trinh.tables for r in t.rows for c in r.cells]).splitlines()
    assert "Xét đề nghị của Ủy ban nhân dân quận Hoàn Kiếm tại Tờ trình số …/TTr-UBND;" in lines
    assert {"SỞ XÂY DỰNG", "Số: .../TTr-SXD", "Phạm Tuấn Long"} <= set(lines)


def test_donvi_before_the_first_submission_goes_on_to_it_and_another_command_says_it_waits(
        conversation: Conversation) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.say("/donvi")  # the officer wants to see the whole profile first: the submission still follows
    chat.tap("Sửa: Chữ viết tắt")
    chat.say("UBND")
    settle_profile(chat)
    assert "Đã nộp" in chat.text
    other = Chat(conversation, user="u3")
    individual_to_review(other, unit="Sở Tư pháp")
    other.tap("Nộp hồ sơ")
    other.say("/hanchot")
    assert "Hồ sơ chưa được nộp" in other.text and "/tieptuc" in other.text


def test_the_reports_leave_room_for_every_confirmation_the_route_needs(conversation: Conversation) -> None:
    chat = Chat(conversation)
    chat.say("/denghi")
    chat.say("Quận Cầu Giấy")
    for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Tập thể"):
        chat.tap(label)
    for text in ("Hội Liên hiệp Phụ nữ phường Dịch Vọng", "Hội Liên hiệp Phụ nữ quận Cầu Giấy", "Lê Thị Hà", "2o"):
        chat.say(text)
    assert "Số thành viên cần là một số nguyên dương" in chat.text  # a typo, not 2 members
    chat.say("20")
    chat.tap("Không")  # outside the unit's management: the managing body confirms too
    chat.say(ACHIEVEMENT)
    chat.say(INITIATIVE)
    while "tiêu chuẩn sau" in chat.text:
        chat.tap("Đạt")
    chat.say("20/7/2024")
    while "Giấy tờ cần có" in chat.text:
        chat.say("bỏ qua") if "Không có" in chat.labels else chat.tap("Nộp bản giấy")  # "bỏ qua": "Không có"
    assert "Kiểm tra lại hồ sơ" in chat.text and "Các tài liệu liên quan (nếu có): Không có" in chat.text
    chat.tap("Bổ sung: Tóm tắt thành tích")
    chat.say("Vận động 300 hội viên tham gia giữ gìn vệ sinh 12 tuyến phố.")
    submit(chat)
    files = {r.document.filename: r.document.data for r in chat.replies if r.document}
    report = Document(io.BytesIO(next(v for k, v in files.items() if "bao-cao" in k)))
    cells = "\n".join(c.text for t in report.tables for row in t.rows for c in row.cells)
    assert "XÁC NHẬN CỦA SỞ XÂY DỰNG" in cells  # the lead agency it goes through (III.5.2.b)
    assert "XÁC NHẬN CỦA HỘI LIÊN HIỆP PHỤ NỮ QUẬN CẦU GIẤY" in cells  # the managing body (III.5.2)
    danh_sach = Document(io.BytesIO(next(v for k, v in files.items() if "danh-sach" in k)))
    row = next(r for r in danh_sach.tables[1].rows if r.cells[1].text == "Hội Liên hiệp Phụ nữ phường Dịch Vọng")
    assert row.cells[5].text == "Vận động 300 hội viên tham gia giữ gìn vệ sinh 12 tuyến phố."


def test_a_menu_item_typed_anywhere_opens_it(conversation: Conversation) -> None:
    chat = Chat(conversation)
    chat.say("hạn nộp hồ sơ tổng kết?")
    chat.say("lap ho so de nghi")
    assert "đơn vị nào" in chat.text


@pytest.mark.parametrize(("typed", "kept"), [
    ("kt chu tich", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),  # names one block offered
    ("tm uy ban nhan dan / chu tich", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"),
    ("Q. Chủ tịch", "Q. CHỦ TỊCH"),  # typed with diacritics: kept as typed
])
def test_a_typed_signer_is_the_block_it_names_or_as_typed(conversation: Conversation, engine: Engine, typed: str,
                                                           kept: str) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.say(typed)
    assert _stored(engine, "Quận Cầu Giấy")["signer_title"] == kept


def test_a_signer_typed_without_diacritics_and_naming_no_block_is_asked_again(conversation: Conversation,
                                                                             engine: Engine) -> None:
    chat = Chat(conversation)
    _to_signer(chat)
    chat.say("pho chu tich thuong truc")
    assert "gõ có dấu" in chat.text and "Ai ký Tờ trình" in chat.text
    assert "signer_title" not in _stored(engine, "Quận Cầu Giấy")


def test_two_officers_answering_the_profile_at_once_lose_neither_answer(answerer: Answerer, postgres_url: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL lets both transactions read the profile before either writes (SQLite runs them one at a time):
    each answer goes into the profile as committed when it is written, not as read at the start."""
    import threading

    from handlers.unit_profile import UnitProfiles
    from storage.database import make_engine, upgrade

    engine = make_engine(postgres_url)
    upgrade(engine)
    conversation = make_conversation(answerer, engine, DURING_PLAN)
    first, second = Chat(conversation, user="a"), Chat(conversation, user="b")
    _to_signer(first)
    _to_signer(second)
    first.tap(first.labels[0])  # the signature block: the first officer is now asked the signer's name
    assert "Họ và tên người ký" in first.text and "Ai ký Tờ trình" in second.text
    both_read, set_answer = threading.Barrier(2, timeout=20), UnitProfiles._set

    def meeting(self, turn, unit, key, value):  # type: ignore[no-untyped-def]
        both_read.wait()  # each has read the unit's profile in its own transaction
        return set_answer(self, turn, unit, key, value)

    monkeypatch.setattr(UnitProfiles, "_set", meeting)
    threads = [threading.Thread(target=first.say, args=("Hoàng Thị Mai",)),
               threading.Thread(target=second.tap, args=(second.labels[1],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    stored = _stored(engine, "Quận Cầu Giấy")
    engine.dispose()
    assert stored.get("signer_name") == "Hoàng Thị Mai" and "KT. CHỦ TỊCH" in stored.get("signer_title", "")
