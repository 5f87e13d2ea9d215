"""Scope: a question that pins a year, anniversary, place, name or amount the plan lacks is refused; the plan's own are not."""
from __future__ import annotations

import pytest

from knowledge.answer import Answerer
from tests.conftest import TODAY


@pytest.mark.parametrize("question", [
    "đợt thi đua năm 2025 hạn nộp hồ sơ khi nào",           # another year, though the plan cites 2025 in a range
    "hạn nộp hồ sơ khen thưởng dịp kỷ niệm năm 2004",       # a year the plan never writes
    "kế hoạch thi đua 75 năm giải phóng thủ đô chỉ tiêu thế nào",  # another anniversary
    "Đà Nẵng mỗi quận được đề nghị bao nhiêu cá nhân",      # another city
    "anh Nguyễn Văn Hùng ở phường Dịch Vọng có được khen không",  # a person the plan never names
    "cá nhân được bằng khen có được nâng lương trước thời hạn không",  # pay, which the plan does not cover
    "chủ tịch UBND thành phố hiện nay là ai",              # today's office holders
    "hội đồng thi đua thành phố họp mấy lần một năm",
    "các sở đã nhận bao nhiêu bằng khen tổng kết",          # results so far, which a plan does not hold
    "Danh sách tập thể được tặng Bằng khen tổng kết đợt này có những đơn vị nào",  # who was awarded: a result too
    "Quận nào được tặng nhiều bằng khen nhất?",
])
def test_a_question_outside_the_plan_is_refused(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found


@pytest.mark.parametrize("question, expected", [
    ("kế hoạch 5 năm 2021-2025 theo nghị quyết đại hội lần thứ mấy", "XVII"),  # a range the plan cites
    ("kỷ niệm 70 năm giải phóng thủ đô vào ngày nào", "10/10"),                 # the plan's own anniversary
    ("Quận Hoàn Kiếm được đề nghị mấy cá nhân", "03 cá nhân"),                  # a unit named by its name
    ("hạn nộp hồ sơ khen tổng kết năm 2024", "01/9/2024"),                     # the plan's own year
])
def test_the_plans_own_years_names_and_units_are_answered(answerer: Answerer, question: str, expected: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and expected in a.text


@pytest.mark.parametrize("question", [
    "Đại hội thi đua yêu nước thành phố Hà Nội lần thứ VI tổ chức năm nào?",  # an ordinal the plan never writes
    "nam 2023 quan hoan kiem duoc bao nhieu bang khen cua tp",              # a past year, not as the plan says it
    "kế hoạch thi đua năm 2023 của quận Đống Đa có những chỉ tiêu gì",       # another round of the plan
])
def test_ordinals_and_past_years_the_plan_does_not_write_are_refused(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found


def test_a_year_said_as_the_plan_says_it_is_answered(answerer: Answerer) -> None:
    a = answerer.answer("mục tiêu tăng trưởng năm 2024 so với năm 2023 thế nào", TODAY)
    assert a.found


@pytest.mark.parametrize("question, outside", [
    ("Cụm thi đua số 5 gồm những quận, huyện nào?", True),     # a numbered thing the plan never writes
    ("Kế hoạch số 282 ban hành ngày nào?", False),              # one it does
    ("Chỉ thị số 05 của Bộ Chính trị về việc gì?", False),      # a document the plan cites
])
def test_numbered_things_the_plan_does_not_write_are_outside(answerer: Answerer, question: str, outside: bool) -> None:
    assert answerer.answer(question, TODAY).found is not outside


@pytest.mark.parametrize("question", [
    "Điều 84 Luật Thi đua, khen thưởng quy định hồ sơ khen thưởng gồm những gì?",  # an article the plan never cites
    "Tiêu chuẩn để được xét tặng danh hiệu Công dân Thủ đô ưu tú là gì?",            # a title's criteria: gapped term
    "nam 2024 co bao nhieu nguoi duoc tang danh hieu cong dan thu do uu tu",          # results, not the plan's quotas
])
def test_details_the_plan_only_names_are_outside_it(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found


def test_an_article_the_plan_cites_is_answered(answerer: Answerer) -> None:
    assert answerer.answer("Điều 85 Luật Thi đua, khen thưởng quy định gì trong kế hoạch này?", TODAY).found


@pytest.mark.parametrize("question, outside", [
    ("lễ diễu binh dịp 10/10/2024 tổ chức ở đâu", True),        # a 'where' about something the plan never routes
    ("quận gửi hồ sơ khen tổng kết về đâu", False),              # a dossier, which the plan routes
    ("cụm thi đua đăng ký với thành phố qua đâu", False),        # a registration, which it routes too
])
def test_where_questions_are_asked_only_of_what_the_plan_routes(answerer: Answerer, question: str,
                                                                 outside: bool) -> None:
    assert answerer.answer(question, TODAY).found is not outside


@pytest.mark.parametrize(("question", "outside"), [
    ("Kinh phí xuất bản sách Những bông hoa đẹp năm nay là bao nhiêu?", True),  # a sum, far from "bao nhiêu"
    ("cần bao nhiêu kinh phí để tổ chức lễ tuyên dương", True),
    ("thù lao cho người viết bài được bao nhiêu", True),
    ("Ai hướng dẫn lập dự toán kinh phí thực hiện kế hoạch?", False),  # who handles the money: the plan says
    ("số lượng hồ sơ nộp là bao nhiêu bộ", False),  # 'lượng' is not 'lương' (the plan's own count of copies)
])
def test_a_sum_of_money_is_outside_a_plan_that_writes_none(answerer: Answerer, question: str, outside: bool) -> None:
    assert answerer.answer(question, TODAY).found is not outside


@pytest.mark.parametrize("question", [
    "Đến nay có bao nhiêu tập thể đã được tặng Bằng khen trong đợt thi đua này?",
    "Những công trình nào đã được gắn biển chào mừng 70 năm?",
    "Quận Ba Đình hiện đã hoàn thành bao nhiêu chỉ tiêu?",
])
def test_what_has_happened_since_the_plan_is_outside_it(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found  # a plan says what is to be done, not what was


def test_days_left_counted_to_today_are_still_answered(answerer: Answerer) -> None:
    assert answerer.answer("Tính đến hôm nay còn mấy ngày để nộp hồ sơ khen tổng kết?", TODAY).found


@pytest.mark.parametrize("question, outside", [
    ("thủ tục làm sổ đỏ cần những gì", True),
    ("thu tuc lam so do can nhung gi", True),            # unaccented: it may be either, and is read as the term
    ("Sở Y tế muốn khen tổng kết thì sở đó gửi hồ sơ về đâu", False),  # 'sở đó' is not 'sổ đỏ'
    ("cho xin sđt của ban thi đua", True),              # the term said through shorthand
])
def test_an_off_plan_term_typed_with_marks_is_matched_with_its_marks(answerer: Answerer, question: str,
                                                                     outside: bool) -> None:
    assert answerer.scope.outside(answerer.analyzer.analyze(question)) is outside
