"""Bad input gets a clear Vietnamese reply, never a traceback."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.answer import Answerer
from tests.conftest import TODAY


@pytest.mark.parametrize("text", [
    "", "   ", "\x00\x00", "a" * 10_000, "hạn nộp " * 2_000, "😀🎉🔥", "<b>hạn nộp</b><script>alert(1)</script>",
    "\x07\x1b[31mhạn\x1b[0m", "\u200b\u200b", "?????", "\ufeffhạn nộp hồ sơ",
])
def test_bad_input_gets_a_reply(answerer: Answerer, text: str) -> None:
    a = answerer.answer(text, TODAY)
    assert a.text and len(a.text) <= 1500


def test_empty_input_asks_for_a_question(answerer: Answerer) -> None:
    assert "chưa nhập câu hỏi" in answerer.answer(" \x00 ", TODAY).text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=600))
def test_any_text_is_answered_safely(answerer: Answerer, text: str) -> None:
    a = answerer.answer(text, TODAY)
    assert isinstance(a.text, str) and 0 < len(a.text) <= 1500
    assert isinstance(a.found, bool) and all(isinstance(s, str) for s in a.sources)
