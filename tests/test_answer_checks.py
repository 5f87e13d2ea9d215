"""What an answer must give for what is asked: the plan's own number and date, which a plan may leave blank; a length
of time; a count, which a passage may give where the nearest fact does not. Also names read as the question reads
them (shorthand inside a body's abbreviation), a body's part in a movement, and a cue around an award kind's name.
Wordings of our own, not of any question set."""
from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answer import Answerer
from knowledge.loader import load_plan
from tests.conftest import DURING_PLAN, TODAY

SECOND = "ninh-binh-2027-doan-ket-doi-moi-phat-trien"


@pytest.fixture(scope="module")
def second() -> Answerer:
    return Answerer(*load_plan(SECOND))


@pytest.mark.parametrize("question", [
    "kh này mang số mấy vậy",
    "Kế hoạch được ban hành vào ngày nào?",
    "số hiệu kế hoạch là gì, ký ban hành hôm nào",
])
def test_a_number_or_date_the_plan_leaves_blank_is_not_given_but_said_to_be_blank(answerer: Answerer,
                                                                                 question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert not a.found and "để trống số và ngày ban hành" in a.text


def test_the_signer_asked_with_the_blank_number_is_answered(answerer: Answerer) -> None:
    a = answerer.answer("ai ký kế hoạch này và số bao nhiêu", TODAY)
    assert a.found and "Lê Hồng Sơn" in a.text and "để trống số" in a.text


@pytest.mark.parametrize("question", [
    "Sở Nội vụ thẩm định hồ sơ tổng kết mất mấy ngày làm việc",
    "Hồ sơ đột xuất nộp xong thì bao nhiêu ngày sau có kết quả",
])
def test_a_number_of_days_is_not_answered_with_a_date(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found


def test_a_count_the_nearest_fact_lacks_is_answered_from_the_passage_that_has_it(second: Answerer) -> None:
    a = second.answer("Mấy phần trăm đơn vị thuộc các khối phải đăng ký thi đua", dt.date(2027, 2, 1))
    assert a.found and "100%" in a.text and a.sources == ["1.2.b"]


@pytest.mark.parametrize("question", ["Sở LĐ-TB&XH chủ trì phong trào nào", "so ld-tb&xh phu trach phong trao nao"])
def test_a_bodys_abbreviation_with_shorthand_in_it_names_the_body(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and "Vì người nghèo" in a.text


def test_a_days_left_cue_reads_an_award_kinds_name_as_one_word(answerer: Answerer) -> None:
    a = answerer.answer("hôm nay còn gửi hồ sơ khen tổng kết đợt thi đua được không", dt.date(2024, 9, 5))
    assert a.found and "quá hạn" in a.text.lower()
    assert answerer.answer("còn gửi hồ sơ khen tổng kết đợt thi đua được không", DURING_PLAN).found


def test_whose_office_and_which_were_awarded_are_outside_the_plan(answerer: Answerer) -> None:
    for question in ("Giám đốc Sở Nội vụ hiện nay là đồng chí nào", "những quận nào được nhận bằng khen đợt này"):
        assert not answerer.answer(question, TODAY).found, question
    assert answerer.answer("đồng chí nào ký kế hoạch", TODAY).found


def test_a_movements_targets_are_not_the_award_quotas(second: Answerer) -> None:
    a = second.answer("chỉ tiêu về hộ gia đình người có công với cách mạng", dt.date(2027, 2, 1))
    assert a.found and "mức sống trung bình" in a.text and "tập thể" not in a.text


@pytest.mark.parametrize("question", ["tỉ lệ chất thải rắn sinh hoạt ở nông thôn phải đạt bao nhiêu",
                                      "ti le chat thai ran sinh hoat o nong thon dat bao nhieu"])
def test_i_and_y_are_one_spelling(second: Answerer, question: str) -> None:
    a = second.answer(question, dt.date(2027, 2, 1))
    assert a.found and "85%" in a.text


@pytest.mark.parametrize("question, group, said", [
    ("Bộ Chỉ huy Quân sự tỉnh có nằm trong khối thi đua nào không", "Ngoài khối thi đua", "không thuộc các khối"),
    ("Công ty TNHH MTV Xổ số kiến thiết Hà Nam thuộc khối thi đua nào", "Khối doanh nghiệp nhà nước",
     "gồm các doanh nghiệp"),
])
def test_which_group_a_unit_belongs_to_is_its_class_with_the_plans_line(second: Answerer, question: str, group: str,
                                                                        said: str) -> None:
    a = second.answer(question, dt.date(2027, 2, 1))
    assert a.found and group in a.text and said in a.text and a.sources[0].startswith("2.4.")


def test_a_word_the_plan_writes_as_another_beside_the_same_neighbour_names_no_unit(second: Answerer) -> None:
    q = second.analyzer.analyze("tong so co thi dua toi da la bao nhieu")  # 'tổng số', not 'tổng sở'
    assert q.unit is None and not q.classes
    assert second.analyzer.analyze("cac so duoc de nghi may ca nhan").classes == {"khoi_so_nganh"}


def test_the_anniversarys_own_dates_date_no_task(answerer: Answerer) -> None:
    assert not answerer.answer("Hạn để Cụm trưởng đăng ký hoạt động của Cụm với Thành phố là khi nào", TODAY).found


def test_a_units_group_is_one_part_of_a_two_part_question(second: Answerer) -> None:
    a = second.answer("Hội Nông dân tỉnh thuộc khối nào, và được khen bằng hình thức gì", dt.date(2027, 2, 1))
    assert a.found and "Ngoài khối thi đua" in a.text and "Bằng khen đột xuất" in a.text


def test_the_quota_of_a_title_the_plan_does_not_award_is_outside_it(answerer: Answerer) -> None:
    assert not answerer.answer("mỗi huyện được giới thiệu mấy người để xét danh hiệu Công dân ưu tú", TODAY).found
    assert answerer.answer("mỗi huyện được giới thiệu mấy cá nhân", TODAY).found


def test_a_story_told_before_the_question_is_no_topic_the_plan_must_know(answerer: Answerer) -> None:
    told = "Sáng nay tổ dân phố em có bác bảo vệ dũng cảm bắt trộm"
    a = answerer.answer(f"{told}, muốn đề nghị khen thì hồ sơ gồm những gì", TODAY)
    assert a.found and "Tờ trình" in a.text
    assert not answerer.answer("Hôm qua em đi xem bóng đá, giá vé trận chung kết là bao nhiêu", TODAY).found


def test_a_named_units_duties_are_its_roles_and_its_kinds_duties(second: Answerer) -> None:
    a = second.answer("Sở Tư pháp phải làm những gì trong kế hoạch này", dt.date(2027, 2, 1))
    assert a.found and "4.3" in a.sources and "Phối hợp" in a.text and "đăng ký thi đua" in a.text


@pytest.mark.parametrize("plan, question, said", [
    ("answerer", "Kế hoạch 99 của UBND thành phố ban hành ngày nào", "22/03/2023"),  # a cited document's own date
    ("answerer", "phong trào Vì người nghèo kéo dài bao lâu", "năm 2024"),  # how long: the year a movement runs
    ("answerer", "Công an Thành phố tham gia phong trào gắn biển công trình ở khâu nào?",
     "Công an Thành phố (PCCC)"),  # a body's part in a named movement: the movement's roles
    ("answerer", "đơn vị được giao chủ trì phong trào có tự khen theo thẩm quyền được không",
     "kịp thời khen thưởng theo thẩm quyền"),  # the named duty that says it awards by its own authority
    ("answerer", "muốn khen một cán bộ không do phòng mình quản lý thì hồ sơ phải kèm gì",
     "ý kiến thống nhất"),  # a dossier note's cue with a gap
    ("second", "Tập thể có người đứng đầu bị kỷ luật khiển trách có được đề nghị Cờ thi đua không",
     "khiển trách"),  # a term the plan writes with words between: the plan's own
    ("second", "văn bản điện tử phải ký số 100% hay có loại nào được trừ", "văn bản mật"),  # a percentage, no number
    ("second", "bình xét khen thưởng cuối năm được tiến hành vào tháng nào", "12/2027"),  # the fact's own section
    ("second", "khoi cac xa dc bao nhieu co thi dua", "02 Cờ thi đua, tặng"),  # the award's line for one class
    ("second", "phong trao doanh nghiep dong hanh cung tinh co chi tieu nop ngan sach the nao",
     "nộp đủ, đúng hạn"),  # a movement's target, not an award's quota
    ("answerer", "công trình gắn biển xong thì đơn vị chủ trì hồ sơ Huân chương có nhiệm vụ gì",
     "dự thảo"),  # 'hồ sơ' in a movement's name asks no dossier of papers
    ("answerer", "huyen Soc Son co tap the xuat sac trong phong trao sang xanh sach dep thi gui ho so ve so nao",
     "Sở Xây dựng"),  # 'về sở nào' asks where
    ("second", "luật TĐKT được hướng dẫn chi tiết bởi nghị định nào", "152/2025"),  # the kind asked, not the one named
    ("second", "nghị định nào hướng dẫn luật thi đua khen thưởng năm 2022", "152/2025"),
    ("second", "ty le rac thai sinh hoat do thi phai thu gom bn", "95%"),  # the lexicon's synonym of the plan's term
    ("second", "phong trao chuyen doi so ai chu tri, ty le ho so giai quyet truc tuyen phai dat bao nhieu",
     "Sở Khoa học"),  # a part of a named movement answered from its own passage
    ("second", "hạn nộp hồ sơ cờ thi đua là ngày nào, nếu Sở Nội vụ nhận bản giấy chậm hơn thì sao",
     "không được xem xét"),  # the note the question matches best, beside the deadline
    ("second", "cho xin sđt của ban thi đua khen thưởng", ""),  # contacts: chat shorthand of an off-plan term
    ("answerer", "Đài Phát thanh và Truyền hình Hà Nội cùng Ban TĐKT TP phối hợp làm những gì",
     "phim tài liệu"),  # the named unit's own duty, not the roles of the body it works with
    ("second", "Khối các xã có mấy Cờ vậy", "02 Cờ"),  # an award's head word, counted
])
def test_the_answer_says(request: pytest.FixtureRequest, plan: str, question: str, said: str) -> None:
    a = request.getfixturevalue(plan).answer(question, dt.date(2027, 2, 1) if plan == "second" else TODAY)
    assert a.found == bool(said) and said in a.text, a.text  # nothing to say: refused


def test_past_a_dossier_deadline_the_answer_says_what_a_late_dossier_meets(second: Answerer) -> None:
    late = second.answer("hồ sơ cờ thi đua bây giờ mới gửi thì có kịp không", dt.date(2027, 12, 14))
    assert late.found and "đã quá hạn" in late.text and "không được xem xét" in late.text
    early = second.answer("hồ sơ cờ thi đua bây giờ mới gửi thì có kịp không", dt.date(2027, 11, 20))
    assert early.found and "không được xem xét" not in early.text
    report = second.answer("báo cáo sơ kết 6 tháng gửi hạn khi nào", dt.date(2027, 7, 7))  # no dossier: no such note
    assert report.found and "đã quá hạn" in report.text and "không được xem xét" not in report.text
