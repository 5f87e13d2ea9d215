"""Which answer a question gets when a fact, a passage and 'not found' compete: what the question names decides."""
from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answer import Answerer
from knowledge.loader import load_plan
from tests.conftest import DURING_PLAN

SECOND = "ninh-binh-2027-doan-ket-doi-moi-phat-trien"
DAY = dt.date(2027, 3, 1)


@pytest.fixture(scope="module")
def second() -> Answerer:
    return Answerer(*load_plan(SECOND))


def test_a_passage_that_says_what_is_asked_beats_a_fact_that_does_not(second: Answerer) -> None:
    """'chỉ tiêu' cues the quotas, but the question asks for the growth target, which only a passage says."""
    a = second.answer("Chỉ tiêu tăng trưởng GRDP năm 2027 trong kế hoạch là bao nhiêu?", DAY)
    assert a.found and "hai con số" in a.text and "tập thể" not in a.text


def test_a_fact_that_says_what_is_asked_stays(second: Answerer) -> None:
    a = second.answer("Khối các xã được đề nghị bao nhiêu cá nhân Bằng khen tổng kết?", DAY)
    assert a.found and "03 cá nhân" in a.text


def test_a_passage_that_says_little_of_the_question_is_no_answer(second: Answerer) -> None:
    """The best passage is about the council's dossiers; what is asked (its size) is not in the plan."""
    assert not second.answer("Hội đồng TĐKT của xã phải có tối thiểu bao nhiêu thành viên?", DAY).found


@pytest.mark.parametrize("question", ["Tiêu chuẩn Cờ thi đua của Chính phủ là gì?",
                                      "bang khen thu tuong chinh phu can tieu chuan gi"])
def test_an_award_granted_by_someone_the_plan_never_names_is_outside_it(second: Answerer, answerer: Answerer,
                                                                        question: str) -> None:
    assert not second.answer(question, DAY).found
    assert not answerer.answer(question, dt.date(2024, 6, 1)).found


def test_the_plans_own_award_named_with_its_granter_is_answered(second: Answerer) -> None:
    a = second.answer("Tiêu chuẩn Cờ thi đua của UBND tỉnh là gì?", DAY)
    assert a.found and "Hoàn thành xuất sắc" in a.text


def test_a_partner_is_told_each_movement_by_its_title(second: Answerer) -> None:
    a = second.answer("Thuế tỉnh Ninh Bình phối hợp phong trào nào?", DAY)
    assert "Phối hợp 1 nội dung" in a.text and "đồng hành cùng tỉnh phát triển" in a.text


def test_a_note_of_the_same_point_is_said_beside_the_count_of_copies(second: Answerer) -> None:
    a = second.answer("Nộp mấy bộ hồ sơ, có phải gửi bản điện tử không?", DAY)
    assert "01 bộ bản chính" in a.text and "đồng thời gửi bản điện tử" in a.text


@pytest.mark.parametrize("question", ["ten phong trao thi dua nam 2027 cua tinh la gi", "Tên đầy đủ của kế hoạch?"])
def test_the_plans_name_is_asked_by_name(second: Answerer, question: str) -> None:
    a = second.answer(question, DAY)
    assert a.text.startswith(second.plan.name) and a.sources == ["header"]


@pytest.mark.parametrize("question", ["Tờ trình đề nghị khen thưởng được viết tối đa bao nhiêu trang?",
                                      "khoi cac phuong co bao nhieu phuong thanh vien",
                                      "Hội đồng thi đua khen thưởng của xã có mấy thành viên?"])
def test_a_count_the_plan_never_gives_is_not_answered_with_another(second: Answerer, question: str) -> None:
    assert not second.answer(question, DAY).found


@pytest.mark.parametrize(("question", "said"), [
    ("Mỗi xã được đề nghị bao nhiêu người Bằng khen tổng kết?", "03 cá nhân"),
    ("Khối các sở, ban, ngành được mấy suất Bằng khen tổng kết?", "02 cá nhân"),
    ("Nộp mấy bộ hồ sơ?", "01 bộ"),
    ("Thời gian thi đua kéo dài mấy tháng?", "30/11/2027"),
])
def test_a_count_or_a_which_one_the_plan_gives_is_answered(second: Answerer, question: str, said: str) -> None:
    a = second.answer(question, DAY)
    assert a.found and said in a.text


@pytest.mark.parametrize(("question", "counted"), [
    ("Hồ sơ đột xuất theo Điều mấy của Luật?", [("<which>", "dieu")]), ("Sách là tập thứ mấy?", []),
    ("hạn nộp tháng mấy ạ", [("<which>", "thang")]), ("kinh phí tổ chức là bao nhiêu", [("<money>",)]),
    ("có bao nhiêu thành viên", [("thanh vien",)]), ("bao nhieu trang", [("trang",)]), ("được mấy ạ", []),
    ("kéo dài bao nhiêu năm nữa", [("nam",)]), ("bao nhiêu năm giai đoạn nào", [("nam", "nam giai")]),
])
def test_what_a_question_counts(second: Answerer, question: str, counted: list[str]) -> None:
    assert second.counts.counted(second.analyzer.analyze(question).tokens) == counted


def test_the_criteria_of_a_title_the_plan_only_mentions_are_not_its_awards_criteria(answerer: Answerer) -> None:
    day = dt.date(2024, 6, 1)
    assert not answerer.answer("Muốn được công nhận danh hiệu Công dân Thủ đô ưu tú thì cần điều kiện gì?", day).found
    a = answerer.answer("Bằng khen cho tập thể cần những tiêu chuẩn nào?", day)
    assert a.found and "nội bộ đoàn kết" in a.text.lower()


def test_the_date_of_a_document_the_plan_cites_without_one_is_not_given(answerer: Answerer) -> None:
    day = dt.date(2024, 6, 1)
    assert not answerer.answer("Luật Thủ đô (sửa đổi) được thông qua vào ngày nào?", day).found
    a = answerer.answer("Chỉ thị 27-CT/TU ban hành ngày nào?", day)
    assert a.found and "20/12/2023" in a.text


def test_each_part_gets_the_passage_that_says_what_it_asks(second: Answerer) -> None:
    a = second.answer("Nộp mấy bộ hồ sơ, và chỉ tiêu tăng trưởng GRDP năm 2027 là bao nhiêu?", DAY)
    assert "01 bộ bản chính" in a.text and "hai con số" in a.text and "tập thể" not in a.text
    assert a.sources == ["3.5.đ", "2.1.a"]


@pytest.mark.parametrize("question", ["Mỗi Bằng khen tổng kết được thưởng bao nhiêu?",
                                      "kinh phi to chuc hoi nghi so ket cua khoi la bao nhieu"])
def test_a_sum_of_money_asked_is_answered_only_by_a_sum(second: Answerer, question: str) -> None:
    """The plan writes sums of money (so the question is not outside it by that alone), and it names the prize
    fund, but no answer here writes the sum asked."""
    assert not second.answer(question, DAY).found


def test_a_count_asked_before_its_cue_still_needs_a_number(second: Answerer) -> None:
    a = second.answer("Khối các xã được đề nghị Bằng khen tổng kết cho cá nhân tối đa là bao nhiêu?", DAY)
    assert a.found and "03 cá nhân" in a.text


def test_an_event_named_by_what_is_done_beats_a_kind_of_document(second: Answerer) -> None:
    """'trình quyết định … trước ngày nào' asks the deadline of that step, not which Quyết định the plan cites."""
    a = second.answer("Hạn Sở Nội vụ trình quyết định khen thưởng tổng kết là ngày nào?", DAY)
    assert a.found and "20/12/2027" in a.text and "38/2025" not in a.text


def test_words_that_fold_into_a_quota_cue_across_a_boundary_are_not_one(second: Answerer) -> None:
    """'kết quả sơ kết' folds to 'ket qua so ket', which holds 'quá số' ('vượt quá số'): not a question of quotas."""
    a = second.answer("So Noi vu tong hop ket qua so ket 6 thang bao cao tinh han nao", DAY)
    assert a.found and "30/6/2027" in a.text


@pytest.mark.parametrize("question", ["Nghị định 152/2025/NĐ-CP gồm những chương nào?",
                                      "mau so 02 co bo cuc nhu the nao"])
def test_what_a_cited_document_or_a_form_contains_is_outside_the_plan(second: Answerer, question: str) -> None:
    assert not second.answer(question, DAY).found


def test_a_cited_document_is_still_told_by_its_date(answerer: Answerer) -> None:
    a = answerer.answer("Kế hoạch 99/KH-UBND ban hành ngày nào?", dt.date(2024, 6, 1))
    assert a.found and "22/03/2023" in a.text


def test_which_one_of_a_kind_is_answered_only_by_naming_that_kind(second: Answerer) -> None:
    """'hạng mấy' asks which class; the plan's flag has none, so an answer about the flag does not say it."""
    assert not second.answer("Cờ thi đua của UBND tỉnh là hạng mấy?", DAY).found
    a = second.answer("Hạn nộp hồ sơ Cờ thi đua là tháng mấy?", DAY)
    assert a.found and "12/2027" in a.text  # a date answers 'tháng mấy'


def test_the_capital_is_another_place_for_a_province_plan(second: Answerer, answerer: Answerer) -> None:
    assert not second.answer("Ở Hà Nội thì ai chủ trì phong trào chuyển đổi số?", DAY).found
    assert answerer.answer("Hà Nội tổ chức kỷ niệm ngày nào?", dt.date(2024, 6, 1)).found


def test_an_accented_word_written_unlike_a_units_word_names_no_unit(second: Answerer) -> None:
    """'số liệu' folds like 'sở'; written with its accents it is not the kind of unit. Unaccented, it may be."""
    assert second.analyzer.analyze("Số liệu báo cáo tính đến ngày nào?").unit is None
    assert second.analyzer.analyze("Bản chính nộp mấy bộ?").unit is None
    named = second.analyzer.analyze("Uỷ ban MTTQ tỉnh được mấy cá nhân?").unit  # the old tone placement
    assert named is not None and named.kind_label


def test_a_deadline_named_comes_before_a_note_its_words_touch(second: Answerer) -> None:
    """'nộp chậm nhất' holds the note's cue 'nộp chậm' (late), but asks the last day."""
    a = second.answer("Báo cáo tổng kết năm nộp chậm nhất ngày nào?", DAY)
    assert a.found and "20/11/2027" in a.text


def test_a_year_compared_with_is_not_a_year_asked_about(second: Answerer) -> None:
    """'so với cuối năm 2026' compares with that year; 'Sở Y tế năm 2026 …' asks about it."""
    q = second.analyzer.analyze
    assert not second.scope.outside(q("Số hộ nghèo năm 2027 phải giảm bao nhiêu so với cuối năm 2026?"))
    assert second.scope.outside(q("Sở Y tế năm 2026 được đề nghị mấy cá nhân?"))


@pytest.mark.parametrize("question", ["Hội nghị sơ kết phong trào thi đua tổ chức vào ngày nào?",
                                      "cuoc thi viet guong dien hinh tien tien 2024 ket thuc khi nao",
                                      "thời hạn nộp tác phẩm cuộc thi viết năm 2024"])
def test_when_an_event_happens_is_answered_only_by_a_date_of_that_event(answerer: Answerer, question: str) -> None:
    """A deadline of something else, or a passage that names the contest but dates only the document it cites, is no
    answer to 'when'."""
    assert not answerer.answer(question, DURING_PLAN).found


@pytest.mark.parametrize(("question", "said"), [("lễ kỷ niệm 70 năm giải phóng thủ đô vào ngày nào", "10/10/2024"),
                                                ("Kế hoạch 282/KH-UBND ban hành ngày nào?", "30/11/2023")])
def test_an_event_or_document_the_plan_dates_is_answered(answerer: Answerer, question: str, said: str) -> None:
    assert said in answerer.answer(question, DURING_PLAN).text


@pytest.mark.parametrize("question", ["thang điểm chấm thi đua bao nhiêu điểm", "mỗi tiêu chí chấm mấy điểm"])
def test_a_citation_is_not_a_count_of_points(second: Answerer, question: str) -> None:
    """'Theo Mục 2.4, điểm b' writes 'điểm' but counts none: a scoring scale the plan never gives is not answered."""
    assert not second.answer(question, DAY).found


def test_a_source_of_money_is_asked_in_the_domains_words(second: Answerer) -> None:
    assert "Quỹ thi đua" in second.answer("Kinh phí khen thưởng lấy từ nguồn nào?", DAY).text


@pytest.mark.parametrize("question", ["Hội LHPN tỉnh làm nhiệm vụ gì trong phong trào",
                                      "Hội Liên hiệp Phụ nữ tỉnh có nhiệm vụ gì"])
def test_a_rare_word_inside_a_bodys_name_names_no_other_body(second: Answerer, question: str) -> None:
    """'hiệp' of 'Liên hiệp Phụ nữ' is the first word of 'Hiệp hội Doanh nghiệp', which is another body."""
    found = second.answer(question, DAY)
    assert found.found and "Hiệp hội Doanh nghiệp" not in found.text


def test_a_cue_does_not_run_across_a_comma(answerer: Answerer) -> None:
    """'tập mấy, đơn vị nào' asks which volume and which body, not 'mấy đơn vị' (a quota)."""
    found = answerer.answer("Sách NBHĐ xuất bản tập mấy, đơn vị nào chủ trì?", DURING_PLAN)
    assert "XXX" in found.text and "tối đa" not in found.text
