"""Answers: exact, short, cited, relative to today, and 'not found' when the plan is silent."""
from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from knowledge.answer import Answerer
from knowledge.citation import cite
from tests.conftest import PLAN_ID, TODAY
from tests.qa_grading import load_cases

DATA = Path(__file__).resolve().parent / "data" / "plans" / PLAN_ID
CASES = load_cases(*sorted(DATA.glob("qa_dev_*.jsonl")))


def test_development_set_is_large_and_varied() -> None:
    assert len(CASES) >= 150
    assert sum(c.oos for c in CASES) >= 20
    assert len({c.section for c in CASES if c.section}) >= 40


def test_answers_cite_the_section_in_words(answerer: Answerer) -> None:
    a = answerer.answer("quận được đề nghị mấy cá nhân?", TODAY)
    assert a.found and a.sources == ["III.4.2"]
    assert "03 cá nhân" in a.text and "Theo Mục III, điểm 4.2 của Kế hoạch." in a.text


@pytest.mark.parametrize("section, words", [
    ("III.4.2", "Mục III, điểm 4.2"), ("III.3.2.a", "Mục III, điểm 3.2, tiết a"), ("IV", "Mục IV"),
    ("header", "phần mở đầu"),
])
def test_citation_words(section: str, words: str) -> None:
    assert cite(section) == words


@pytest.mark.parametrize("today, expected", [
    (dt.date(2024, 8, 20), "còn 12 ngày"),
    (dt.date(2024, 8, 31), "ngày cuối cùng"),
    (dt.date(2024, 9, 10), "đã quá hạn 10 ngày"),
    (dt.date(2026, 11, 25), "Kế hoạch năm 2024 đã kết thúc"),
])
def test_days_left_follow_the_injected_clock(answerer: Answerer, today: dt.date, expected: str) -> None:
    a = answerer.answer("còn mấy ngày đến hạn nộp hồ sơ khen thưởng tổng kết?", today)
    assert expected in a.text and "trước ngày 01/9/2024" in a.text


def test_the_2024_plan_is_over_today(answerer: Answerer) -> None:
    a = answerer.answer("hạn gửi kế hoạch thi đua của đơn vị là khi nào?", TODAY)
    assert "29/02/2024" in a.text and "đã qua" in a.text


def test_unaccented_shorthand_and_nfd_get_the_same_answer(answerer: Answerer) -> None:
    full = answerer.answer("Hồ sơ khen thưởng đột xuất gồm những gì?", TODAY)
    assert answerer.answer("hs khen dot xuat gom j", TODAY).text == full.text
    assert answerer.answer(unicodedata.normalize("NFD", "Hồ sơ khen thưởng đột xuất gồm những gì?"), TODAY).text == full.text
    assert answerer.answer("HỒ SƠ KHEN THUỞNG ĐỘT XUẤT GỒM NHỮNG GÌ???", TODAY).sources == full.sources


def test_tc_before_an_award_word_is_tieu_chuan(answerer: Answerer) -> None:
    """'tc' alone may be 'tổ chức'; before 'khen' or 'xét' it is the criteria."""
    full = answerer.answer("Tiêu chuẩn khen thưởng tổng kết đối với tập thể là gì?", TODAY)
    assert answerer.answer("tc khen tong ket doi voi tap the la gi", TODAY).text == full.text


def test_old_and_new_tone_placement_are_one(answerer: Answerer) -> None:
    assert answerer.answer("huyện Ứng Hoà được đề nghị mấy tập thể", TODAY).text == \
        answerer.answer("huyện Ứng Hòa được đề nghị mấy tập thể", TODAY).text


@pytest.mark.parametrize("question", [
    "Thời tiết Hà Nội ngày mai thế nào?", "Giá vàng hôm nay bao nhiêu?", "Thủ tục cấp hộ chiếu ở đâu?",
    "asdf qwerty zxcv", "Bằng khen được thưởng bao nhiêu tiền?",
])
def test_out_of_scope_is_said_plainly(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert not a.found and a.sources == [] and "không có nội dung" in a.text


@pytest.mark.parametrize("question", [
    "Danh hiệu Chiến sĩ thi đua cơ sở cần tiêu chuẩn gì?", "huan chuong lao dong hang ba can dieu kien gi",
    "Kế hoạch thi đua năm 2025 có gì mới?", "Luật Thủ đô sửa đổi có hiệu lực từ ngày nào?",
])
def test_awards_and_plans_this_plan_does_not_cover(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question, TODAY).found


def test_a_comparison_shows_both_unit_classes(answerer: Answerer) -> None:
    text = answerer.answer("quận và sở ai được đề nghị nhiều tập thể hơn?", TODAY).text
    assert "tối đa 02 tập thể" in text and "01 tập thể" in text


def test_every_answer_stays_under_1500_characters(answerer: Answerer) -> None:
    for case in CASES:
        assert len(answerer.answer(case.q, TODAY).text) <= 1500


def test_menu_topics_answer_without_a_question(answerer: Answerer) -> None:
    assert "29/02/2024" in answerer.topic("deadline", TODAY).text
    assert "tối đa 03 cá nhân" in answerer.topic("quota", TODAY).text
    assert "Nội bộ đoàn kết" in answerer.topic("criteria", TODAY).text
    assert "Tờ trình" in answerer.topic("dossier", TODAY).text
