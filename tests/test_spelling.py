"""Spelling tolerance: one-edit slips read back when a neighbour confirms them; other words stay unknown."""
from __future__ import annotations

import pytest

from knowledge.answer import Answerer
from tests.conftest import TODAY


@pytest.mark.parametrize("typed, read", [
    ("thời gain thi đua", "thời gian thi đua"),      # letters swapped
    ("được đề nghị bao nhiu cá nhân", "được đề nghị bao nhieu cá nhân"),  # a letter missing
    ("mấy caa nhan", "mấy ca nhan"),                   # a letter doubled
    ("tiêu chuẩn đối với tập thẻ", "tiêu chuẩn đối với tập the"),  # a wrong vowel mark
    ("khen thưởng đôt xuất", "khen thưởng dot xuất"),  # a tone mark missing
    ("báo cáo ghi rỏ", "báo cáo ghi ro"),              # the wrong tone mark
    ("gửi kế hoạc thi đua", "gửi kế hoach thi đua"),   # a letter missing from a marked word ('hoặc' is written too)
    ("Ban Tunên giáo Thành ủy", "Ban tuyen giáo Thành ủy"),  # capitalised, confirmed by both neighbours
    ("CÒN MẤY NÀGY NỮA", "CÒN MẤY ngay NỮA"),          # shouted: a capital is not a name
    ("hồ sơ đươc gửi về đâu", "hồ sơ duoc gửi về đâu"),  # a tone dropped from the one written word of those letters
    ("tiêu chuân khen thưởng", "tiêu chuan khen thưởng"),  # a vowel's mark dropped
    ("hoan thanh trogn nam", "hoan thanh trong nam"),  # two letters swapped, with no neighbour to confirm it
    ("tdiem gui ho so", "thoi diem gui ho so"),        # a first syllable cut to its first letters
    ("dtuong duoc khen", "doi tuong duoc khen"),
    ("BQLDA làm gì", "ban quan li du an làm gì"),       # an acronym of words in a unit's name
    # spelt as no syllable can be: a slip, read as the written word one edit away the plan writes most
    ("còn mấy ngy nữa hết hạn nộp", "còn mấy ngay nữa hết hạn nộp"),  # not 'ngi', its 'y' read as 'i'
    ("đơn vị hpải họp hội đồng nào", "đơn vị phai họp hội đồng nào"),
    ("đợt thi đua còn đhng diễn ra không", "đợt thi đua còn dang diễn ra không"),  # 'đang', marks and all
    ("vdich la gi", "dich la gi"),                      # a letter too many; no written pair makes 'v… đích'
    ("Sở LĐBXH chủ trì nội dung nào", "Sở ldtbxh chủ trì nội dung nào"),  # the one written abbreviation near it
])
def test_slips_are_read_as_the_plan_word(answerer: Answerer, typed: str, read: str) -> None:
    assert answerer.speller.correct(typed) == read


@pytest.mark.parametrize("typed", [
    "mức tiền thưởng là bao nhiêu",  # 'tiến' is written, but never before 'thưởng'
    "tăng lương cho cán bộ",          # 'lượng' is written, 'lương' is another word
    "anh Hung o phuong Dich Vong",    # a capitalised name is not a slip
    "thủ tục đổi bằng lái xe",        # far from every plan word
    "vừa cứu người đuối nước",        # marked words the plan never writes: 'cứu' is not 'của', 'đuối' not 'được'
    "tiên phong trong phong trào",    # no mark is missing from a written word: 'tiên' is not 'tiến'
    "canh sat PCCC co vai tro gi",    # 'canh' is a syllable: a word, not 'cả' cut short
    "kế hoạch của TP.HCM",            # an abbreviation of no written name stays
    "làm cccd ở đâu",                 # an acronym of no name the plan uses
    "hộ khẩu thường trú ở đâu",       # 'trúc' is one letter away, but the plan writes 'thường' before 'trực' only
])
def test_other_words_are_left_as_typed(answerer: Answerer, typed: str) -> None:
    assert answerer.speller.correct(typed) == typed


@pytest.mark.parametrize("question, expected", [
    ("thời gain thi đua kéo dài bao lâu", "tháng 02/2024"),
    ("mỗi quận được đề nghị bao nhiu cá nhân", "03 cá nhân"),
    ("hồ sơ khen thưởng đôt xuất gồm những gì", "Tờ trình"),
    ("tiêu chuẩn khen thưởng đối với tập thẻ", "tập thể"),
    ("hạn gửi kế hoạc thi đua của các sở là ngày nào", "29/02/2024"),
    ("Sở LĐBXH chủ trì nội dung nào", "Chủ trì 2 nội dung"),
    ("đơn vị hpải gửi kế hoạch trước ngày nào", "29/02/2024"),
])
def test_a_one_letter_typo_is_not_refused(answerer: Answerer, question: str, expected: str) -> None:
    a = answerer.answer(question, TODAY)
    assert a.found and expected in a.text


def test_an_off_plan_word_near_a_plan_word_is_still_refused(answerer: Answerer) -> None:
    assert not answerer.answer("mức tiền thưởng cho cá nhân là bao nhiêu", TODAY).found


def test_two_letters_swapped_under_accents_are_read_back(answerer: Answerer) -> None:
    assert answerer.speller.correct("Cụm thi đau phải tổ chức") == "Cụm thi dua phải tổ chức"


def test_an_accented_real_word_one_letter_longer_is_not_changed(answerer: Answerer) -> None:
    assert answerer.speller.correct("phạm vi ảnh hưởng cấp thành phố") == "phạm vi ảnh hưởng cấp thành phố"


def test_a_letter_alone_is_a_particle_never_a_topic(answerer: Answerer) -> None:
    a = answerer.answer("danh hiệu Công dân Thủ đô ưu tú do đv nào tham mưu xét tặng v", TODAY)
    assert a.found and "Sở Nội vụ" in a.text
    assert not answerer.answer("mức tiền thưởng cho cá nhân là bao nhiêu v", TODAY).found
