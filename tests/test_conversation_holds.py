"""What officers actually type, through the console channel in this process (its rendering and numbering) and the
core: numbers and parts of labels pick choices, steps are counted once, what the bot says is what it does, one form
of address."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from docx import Document as DocxDocument
from sqlalchemy import Engine

from bot.console import run_console
from handlers.conversation import Conversation
from handlers.events import Address
from handlers.texts import TEMPLATES
from knowledge.answer import Answerer
from knowledge.loader import DATA_DIR
from tests.chat_driver import ACHIEVEMENT, Chat, individual_to_review, start_dot_xuat_individual, submit
from tests.conftest import DURING_PLAN, make_conversation


def console(conversation: Conversation, lines: list[str], tmp_path: Path) -> list[str]:
    """What the console printed after each line typed (one console session per line, one conversation)."""
    shown = []
    for line in lines:
        out = io.StringIO()
        run_console(conversation, io.StringIO(f"{line}\n"), out, tmp_path / "files")
        shown.append(out.getvalue())
    return shown


def test_a_number_picks_the_numbered_choice_on_any_step(answerer: Answerer, sqlite_engine: Engine,
                                                        tmp_path: Path) -> None:
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN)
    shown = console(conversation, ["/denghi", "Quận Ba Đình", "tổng kết", "Đô thị văn minh", "ca nhan",
                                   "Nguyễn Văn An", "Nam", "1"], tmp_path)
    assert "Ngày, tháng, năm sinh" in shown[-2] and "1. Quay lại" in shown[-2]
    assert "Giới tính" in shown[-1] and "Nội dung quá ngắn" not in shown[-1]  # "1" went back, not saved


def test_unique_parts_of_labels_pick_and_ambiguous_ones_ask_which(answerer: Answerer, sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    chat.say("/denghi")
    chat.say("Quận Ba Đình")
    chat.say("tong ket")
    assert "Chỉ tiêu của Quận Ba Đình" in chat.text and "phong trào (chuyên đề) nào" in chat.text
    chat.say("Đô thị văn minh")
    assert "tập thể hay cá nhân" in chat.text
    chat.say("Quay lại")
    chat.say("xa hoi")  # in two movements' labels
    assert "Có nhiều mục khớp" in chat.text and len(chat.labels) > 1
    assert len(chat.labels) == 2 and all("xã hội" in label for label in chat.labels)
    chat.say("1")
    assert "tập thể hay cá nhân" in chat.text


def test_a_number_after_a_question_picks_from_the_menu_still_shown(answerer: Answerer, sqlite_engine: Engine,
                                                                   tmp_path: Path) -> None:
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN)
    shown = console(conversation, ["/start", "hạn nộp hồ sơ là ngày nào?", "3"], tmp_path)
    assert "3. Chỉ tiêu" in shown[0]
    assert "nhóm nào" in shown[-1]  # the quota topic asks the unit class


def test_a_count_is_typed_as_a_number_and_its_choices_are_not_numbered(answerer: Answerer, sqlite_engine: Engine,
                                                                      tmp_path: Path) -> None:
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN)
    shown = console(conversation, ["/denghi", "Quận Ba Đình", "tổng kết", "Đô thị văn minh", "Tập thể",
                                   "Phòng Quản lý đô thị quận Ba Đình", "UBND quận Ba Đình", "Trần Văn Bình", "1"],
                    tmp_path)
    assert "bao nhiêu thành viên" in shown[-2] and "  - Quay lại" in shown[-2] and "1. Quay lại" not in shown[-2]
    assert "Đã lưu" in shown[-1] and "phạm vi quản lý" in shown[-1]


def _steps(text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"Bước (\d+)/(\d+)\.", text)]


def test_steps_are_counted_once_over_the_steps_of_this_draft(answerer: Answerer, sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    seen = []
    for act in (lambda: chat.say("/denghi"), lambda: chat.tap("Khác"), lambda: chat.say("Ban Quản lý dự án ABC"),
                lambda: chat.tap("Sở, ban, ngành"), lambda: chat.tap("Khen thưởng đột xuất"),
                lambda: chat.tap("An ninh"), lambda: chat.tap("Cá nhân")):
        act()
        seen += _steps(chat.text)
    numbers = [n for n, _ in seen]
    assert numbers == list(range(1, len(numbers) + 1)), seen  # 1, 2, 3… never restarting
    assert all(n <= total for n, total in seen)
    chat.tap("Quay lại")
    assert _steps(chat.text)[0][0] == numbers[-1] - 1


def test_dot_xuat_receiver_is_the_same_in_review_notice_and_documents(answerer: Answerer,
                                                                      sqlite_engine: Engine) -> None:
    told = Address("telegram", "555")
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN, lambda body: [told] if body else [])
    chat = Chat(conversation)
    after_movement = start_dot_xuat_individual(chat)[3]
    receiver = "Chủ tịch Ủy ban nhân dân thành phố Hà Nội (Mục III.5.1)"
    assert f"Hồ sơ này gửi tới: {receiver}" in after_movement and "cơ quan chủ trì" not in after_movement
    chat.say(ACHIEVEMENT)
    chat.say(ACHIEVEMENT)
    chat.tap("Đạt")
    while "Giấy tờ cần có" in chat.text:
        chat.tap("Nộp bản giấy")
    assert f"Nơi nhận hồ sơ: {receiver}" in chat.text
    replies = submit(chat)
    done, files, notices = replies[0].text, [r.document for r in replies if r.document], [r for r in replies if r.to]
    assert f"nơi nhận: {receiver}" in done and f"nơi nhận: {receiver}" in notices[0].text
    assert "Biên bản" not in done and "Tờ trình, Danh sách đề nghị khen thưởng, Báo cáo thành tích" in done
    names = [f.filename for f in files]
    assert len(names) == 3 and not any("bien-ban" in n for n in names), names
    to_trinh = next(f for f in files if "to-trinh" in f.filename)
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(to_trinh.data)).paragraphs)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hà Nội" in text


def test_the_meeting_date_example_is_accepted_on_the_day_it_is_shown(answerer: Answerer,
                                                                     sqlite_engine: Engine) -> None:
    for day in (DURING_PLAN, dt.date(2024, 3, 3), dt.date(2024, 8, 31)):
        chat = Chat(make_conversation(answerer, sqlite_engine, day), user=f"u{day}")
        chat.say("/denghi")
        if "đơn vị nào" in chat.text:
            chat.say("Quận Ba Đình")
        for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân"):
            chat.tap(label)
        for text in ("Nguyễn Văn An", "Nam", "15/3/1980", "Chuyên viên", "UBND quận Ba Đình", "Có",
                     ACHIEVEMENT, ACHIEVEMENT):
            chat.tap(text) if text in ("Nam", "Có") else chat.say(text)
        while "tiêu chuẩn sau" in chat.text:
            chat.tap("Đạt")
        (example,) = re.findall(r'ví dụ "([\d/]+)"', chat.text)
        chat.say(example)
        assert "Giấy tờ cần có" in chat.text, (day, example, chat.text)
        chat.say("/huy")
        chat.tap("Có, hủy hồ sơ")


def test_every_reply_addresses_the_user_as_anh_chi() -> None:
    for folder in (TEMPLATES, DATA_DIR / "templates"):
        for template in folder.rglob("*.j2"):
            assert not re.search(r"\bbạn\b", template.read_text(encoding="utf-8"), re.IGNORECASE), template


def test_a_number_after_the_nomination_ended_picks_nothing_of_it(answerer: Answerer, sqlite_engine: Engine,
                                                                 tmp_path: Path) -> None:
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN)
    shown = console(conversation, ["/denghi", "Quận Ba Đình", "tổng kết", "/hanchot", "2"], tmp_path)
    assert "vẫn được lưu" in shown[-2], shown[-2]
    assert "Đã lưu" not in shown[-1] and "tập thể hay cá nhân" not in shown[-1], shown[-1]  # no movement chosen


def test_a_call_or_a_question_about_the_step_is_not_saved_and_gets_the_steps_guidance(
        answerer: Answerer, sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    chat.say("/denghi")
    chat.say("Quận Hoàn Kiếm")
    for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân"):
        chat.tap(label)
    for call in ("ad oi", "bot ơi"):
        chat.say(call)
        assert "không được lưu" in chat.text and "Họ và tên đầy đủ" in chat.text and "Đã lưu" not in chat.text
    chat.say("Nguyễn Thị Nhi")
    chat.tap("Nữ")
    chat.say("15/3/1985")
    chat.say("chức vụ ghi thế nào")
    assert "Kế hoạch không có nội dung" not in chat.text and "không được lưu" in chat.text
    assert "Chức vụ hiện nay (ví dụ" in chat.text  # the step's own guidance, asked again


def test_the_submission_says_what_is_left_to_do_and_by_when(answerer: Answerer, sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    individual_to_review(chat, unit="Quận Hoàn Kiếm")
    submit(chat)
    done = chat.replies[0].text
    assert ("Việc còn lại: điền các chỗ để trống (số, ngày văn bản; Biên bản: thời gian, thành phần, kết quả bỏ "
            "phiếu), in, ký, đóng dấu các dự thảo kèm theo") in done
    assert "gửi 01 bộ (bản chính) tới Sở Xây dựng, hạn trước ngày 01/9/2024 (Mục III.5.3)" in done, done


def test_a_nomination_outside_every_movement_cites_the_plans_route_for_it(answerer: Answerer,
                                                                           sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    chat.say("/denghi")
    chat.say("Quận Hoàn Kiếm")
    chat.tap("Khen thưởng tổng kết")
    chat.tap("Chung")
    assert "Hồ sơ này gửi tới: UBND Thành phố (qua Ban Thi đua - Khen thưởng Thành phố) (Mục III.5.2.b)" in chat.text
