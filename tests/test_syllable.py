"""Vietnamese syllables by their spelling rules: what the speller takes for a slip."""
from __future__ import annotations

import pytest

from knowledge.syllable import is_syllable


@pytest.mark.parametrize("word", ["ngày", "ngay", "nguyễn", "khuya", "nghiêng", "quyết", "xuất", "chuẩn", "được",
                                  "tốt", "hoạch", "thưởng", "gì", "giải", "oanh", "Khuỷu", "toong"])
def test_words_are_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", [
    "ngy",     # 'ng' never before 'i' or 'y'
    "thng",    # no vowel
    "ubnd",    # an abbreviation
    "pải",     # 'p' alone starts only loanwords
    "kểim",    # no such rhyme
    "ce",      # 'ke'
    "ghao",    # 'gh' only before 'e', 'i'
    "trưc",    # marked, yet without the tone a syllable ending in a stop takes
    "tôt",
])
def test_slips_are_not_syllables(word: str) -> None:
    assert not is_syllable(word)
