"""A question typed in the middle of a nomination is answered from the plan and not saved; a real answer is saved.
Measured on labelled inputs written blind to the code (tests/data/wizard_inputs_*.jsonl), through the core."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine

from knowledge.answer import Answerer
from tests.chat_driver import Chat
from tests.conftest import DURING_PLAN, make_conversation
from tests.wizard_inputs import tally

TARGET = 0.95  # on each side: questions answered and not saved, answers not taken for questions


@pytest.mark.parametrize("name", ["dev", "heldout", "final"])
def test_questions_and_answers_are_told_apart_at_every_step(answerer: Answerer, sqlite_engine: Engine,
                                                             name: str) -> None:
    result = tally(make_conversation(answerer, sqlite_engine, DURING_PLAN), name)
    print(result.line(name))
    assert result.questions_caught >= TARGET * result.questions, result.missed
    assert result.answers_kept >= TARGET * result.answers, result.missed


def test_a_question_at_the_position_step_is_answered_and_the_step_asked_again(answerer: Answerer,
                                                                              sqlite_engine: Engine) -> None:
    chat = Chat(make_conversation(answerer, sqlite_engine, DURING_PLAN))
    chat.say("/denghi")
    chat.say("Quận Ba Đình")
    for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân"):
        chat.tap(label)
    chat.say("Nguyễn Văn An")
    chat.tap("Nam")
    chat.say("15/3/1980")
    assert "Chức vụ hiện nay" in chat.text
    chat.say("hạn nộp hồ sơ là ngày nào?")
    assert "01/9/2024" in chat.replies[0].text and "Mục III" in chat.replies[0].text  # the plan's answer, cited
    assert "không được lưu" in chat.text and "Chức vụ hiện nay" in chat.text and "Đã lưu" not in chat.text
    chat.say("Phó Trưởng phòng Văn hóa và Thông tin")
    assert "Đã lưu" in chat.text and "Đơn vị công tác" in chat.text
