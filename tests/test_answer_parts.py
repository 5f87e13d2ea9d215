"""Roles said apart, several parts answered in one reply, named units, small talk and cues with a gap."""
from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answer import Answerer
from knowledge.render import MAX_ANSWER
from tests.conftest import TODAY


def test_a_body_that_only_supports_is_never_said_to_lead(answerer: Answerer) -> None:
    a = answerer.answer("Sở Giao thông vận tải chủ trì phong trào nào?", TODAY)
    assert a.found and "Không được giao chủ trì" in a.text
    assert "Phối hợp 1 nội dung" in a.text and "Vành đai 4" in a.text and "chủ trì: Sở Kế hoạch và Đầu tư" in a.text


@pytest.mark.parametrize("question", [
    "Sở Kế hoạch và Đầu tư chủ trì phong trào thi đua nào?", "Sở KH&ĐT chủ trì phong trào j vậy",
    "so ke hoach va dau tu chu tri noi dung nao, phoi hop noi dung nao",
])
def test_a_body_named_in_full_or_in_shorthand_gets_its_own_roles(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and a.text.startswith("Sở Kế hoạch và Đầu tư:") and "II.2.2" in a.sources


def test_lead_and_partner_are_both_listed_when_both_are_asked(answerer: Answerer) -> None:
    a = answerer.answer("Công an TP chủ trì nội dung gì, và còn phối hợp việc gì nữa?", TODAY)
    assert "Chủ trì 1 nội dung" in a.text and "an ninh trật tự" in a.text
    assert "Phối hợp 1 nội dung" in a.text and "gắn biển" in a.text and a.sources == ["II.2.4", "II.2.5"]


def test_a_unit_named_by_its_own_name_takes_part_through_its_kind(answerer: Answerer) -> None:
    a = answerer.answer("Quận Hoàn Kiếm tham gia những phong trào nào?", TODAY)
    assert a.text.startswith("Quận Hoàn Kiếm (thuộc nhóm “quận, huyện, thị xã”)")
    assert "Phối hợp 9 nội dung" in a.text and "II.2.7" not in a.sources  # only Văn phòng UBND supports II.2.7


@pytest.mark.parametrize("question", ["Quận Hoàn Kiếm phải làm gì?", "UBND quận có nhiệm vụ gì trong kế hoạch này?"])
def test_a_named_unit_or_kind_asking_its_duties_gets_section_iv_3(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and a.sources == ["IV.3"]


def test_every_part_of_a_question_is_answered_with_its_own_citation(answerer: Answerer) -> None:
    a = answerer.answer("sở Tư pháp còn mấy ngày để gửi hs đề nghị khen tổng kết, gửi mấy bộ?", dt.date(2024, 8, 20))
    first, second = a.text.split("\n\n")
    assert "còn 12 ngày" in first and first.endswith("Theo Mục III, điểm 4.2 của Kế hoạch.")
    assert "01 bộ" in second and second.endswith("Theo Mục III, điểm 5.3 của Kế hoạch.")
    assert a.sources == ["III.4.2", "III.5.3"] and len(a.text) <= MAX_ANSWER


def test_the_named_unit_holds_for_every_part(answerer: Answerer) -> None:
    a = answerer.answer("Quận Ba Đình còn mấy ngày, và được đề nghị tối đa bao nhiêu cá nhân", dt.date(2024, 8, 20))
    assert "còn 12 ngày" in a.text and "Quận Ba Đình thuộc nhóm" in a.text and "03 cá nhân" in a.text


def test_a_one_part_question_with_a_conjunction_is_one_answer(answerer: Answerer) -> None:
    a = answerer.answer("tiêu chuẩn khen thưởng đối với tập thể và cá nhân", TODAY)
    assert a.found and "\n\n" not in a.text


def test_a_cue_with_words_in_its_gap_is_read(answerer: Answerer) -> None:
    a = answerer.answer("Quận Hoàn Kiếm gửi hồ sơ cho ai?", TODAY)
    assert a.found and "gửi hồ sơ về" in a.text and a.sources[0].startswith("III.5")


@pytest.mark.parametrize("question, opening", [("xin chào", "Chào anh/chị!"), ("cảm ơn bot nhé", "Dạ, không có gì ạ.")])
def test_small_talk_gets_a_kind_reply_and_is_not_a_plan_answer(answerer: Answerer, question: str, opening: str) -> None:
    a = answerer.answer(question, TODAY)
    assert not a.found and a.text.startswith(opening) and "Xin lỗi" not in a.text


def test_lateness_is_said_against_today(answerer: Answerer) -> None:
    a = answerer.answer("Sở Công Thương giờ mới gửi kế hoạch triển khai phong trào thi đua thì có muộn ko?",
                        dt.date(2024, 9, 5))
    assert "đã quá hạn" in a.text and "29/02/2024" in a.text


def test_the_form_of_award_and_who_grants_it(answerer: Answerer) -> None:
    a = answerer.answer("dot nay khen bang hinh thuc gi, bang khen cua ai", TODAY)
    assert a.found and "Bằng khen của Chủ tịch UBND Thành phố" in a.text and a.sources == ["III"]


def test_a_section_asked_by_its_short_title(answerer: Answerer) -> None:
    a = answerer.answer("Mục đích của kế hoạch thi đua chào mừng 70 năm Giải phóng Thủ đô là gì?", TODAY)
    assert a.found and a.sources == ["I.1"] and a.text.startswith("Mục đích:")


def test_an_anniversary_asked_from_when_to_when_gives_both_dates(answerer: Answerer) -> None:
    a = answerer.answer("Kỷ niệm 70 năm Ngày Giải phóng Thủ đô tính từ ngày nào đến ngày nào?", TODAY)
    assert "10/10/1954" in a.text and "10/10/2024" in a.text


def test_a_body_the_units_directory_lacks_is_answered_by_its_roles(answerer: Answerer) -> None:
    a = answerer.answer("bo tu lenh thu do ha noi lam j trong kh nay", TODAY)
    assert a.text.startswith("Bộ Tư lệnh Thủ đô Hà Nội") and "an ninh trật tự, an toàn xã hội" in a.text


def test_asked_who_partners_a_lead_its_partners_are_listed(answerer: Answerer) -> None:
    a = answerer.answer("Sở TT&TT chủ trì hđ j, phối hợp vs sở nào", TODAY)
    assert "Phối hợp: Sở Văn hóa và Thể thao" in a.text and "\n\n" not in a.text


@pytest.mark.parametrize("question", [
    "Các quận, huyện có được tự khen thưởng tập thể, cá nhân xuất sắc trong phong trào của mình không?",
    "So Xay dung co dc khen theo tham quyen cho tap the trong phong trao minh chu tri k",
])
def test_a_units_own_awards_are_answered_from_the_award_section(answerer: Answerer, question: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and a.sources == ["III"] and "chủ động, kịp thời" in a.text


def test_a_question_word_is_not_one_documents_alias(answerer: Answerer) -> None:
    a = answerer.answer("Kế hoạch yêu cầu thi đua triển khai thực hiện tốt những luật nào?", TODAY)
    assert "Luật Thi đua, khen thưởng" in a.text and "Luật Thủ đô" in a.text


def test_thanks_before_a_question_does_not_hide_the_question(answerer: Answerer) -> None:
    a = answerer.answer("Cảm ơn bạn. Thế cơ quan thường trực của phong trào thi đua này là ai?", TODAY)
    assert a.found and a.text.startswith("Sở Nội vụ") and a.sources == ["IV.7"]


def test_each_part_that_names_its_own_award_gets_that_awards_deadline() -> None:
    """'hạn nộp hồ sơ bằng khen và hồ sơ cờ': the second part is read in its own words, not the whole question's
    (a plan whose award kinds have deadlines of their own: Ninh Bình's)."""
    from knowledge.loader import load_plan

    answerer = Answerer(*load_plan("ninh-binh-2027-doan-ket-doi-moi-phat-trien"))
    a = answerer.answer("hạn nộp hs bằng khen tổng kết và hs cờ thi đua là ngày nào", dt.date(2027, 11, 1))
    assert "06/12/2027" in a.text and "10/12/2027" in a.text
    assert a.text.index("06/12/2027") < a.text.index("10/12/2027")  # in the order asked


def test_a_named_unit_asking_its_duties_also_gets_the_sentences_it_is_the_subject_of() -> None:
    """'Sở Tài chính có trách nhiệm gì': its roles, the plan's sentence that starts with its name (in another
    body's section), and its kind's duty; each cited."""
    from knowledge.loader import load_plan
    nb = Answerer(*load_plan("ninh-binh-2027-doan-ket-doi-moi-phat-trien"))
    own = next(s for s in nb.plan.sections if s.text.startswith("Sở Tài chính có trách nhiệm"))
    a = nb.answer("so tai chinh co trach nhiem j voi quy tdkt cua tinh", dt.date(2027, 3, 1))
    assert a.found and own.text in a.text and own.id in a.sources
    assert a.text.startswith("Sở Tài chính:") and "Chủ trì 1 nội dung" in a.text and len(a.text) <= MAX_ANSWER


@pytest.mark.parametrize("question, section", [
    ("biên bản bình xét của khối thì trưởng khối gửi đi đâu", "4.7.b"),  # what the body itself sends
    ("trưởng khối gửi hồ sơ đề nghị cờ về đâu", "3.5.b"),                 # a dossier goes where dossiers go
])
def test_what_a_named_body_sends_is_answered_from_its_duty(question: str, section: str) -> None:
    from knowledge.loader import load_plan
    nb = Answerer(*load_plan("ninh-binh-2027-doan-ket-doi-moi-phat-trien"))
    a = nb.answer(question, dt.date(2027, 11, 1))
    assert a.found and a.sources == [section]


def test_a_paper_the_list_does_not_name_is_answered_by_the_sets_own_sentence() -> None:
    from knowledge.loader import load_plan
    nb = Answerer(*load_plan("ninh-binh-2027-doan-ket-doi-moi-phat-trien"))
    a = nb.answer("hồ sơ bằng khen đột xuất gồm giấy tờ gì, có cần biên bản họp hội đồng không", dt.date(2027, 5, 3))
    assert a.found and "Tờ trình" in a.text and "Hồ sơ này không cần Biên bản họp Hội đồng" in a.text


@pytest.mark.parametrize("question, duties", [
    ("phường đã được suy tôn đề nghị Cờ thì còn được đề nghị bằng khen tổng kết không", False),  # proposed for
    ("Hội Nông dân tỉnh được đề nghị phối hợp những việc gì", True),                            # asked to do
])
def test_proposed_for_an_award_is_no_duty(question: str, duties: bool) -> None:
    from knowledge.loader import load_plan
    nb = Answerer(*load_plan("ninh-binh-2027-doan-ket-doi-moi-phat-trien"))
    assert ("duties" in nb.analyzer.analyze(question).intents) == duties
