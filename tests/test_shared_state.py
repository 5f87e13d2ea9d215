"""Two conversation cores on one PostgreSQL database, as two processes behind one address are: a chat's updates
may land on either, and each core sees the state the other committed (its cache is checked against the row's
version, so it never answers from a state another core has changed)."""
from __future__ import annotations

from handlers.events import Incoming
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from tests.chat_driver import Chat
from tests.conftest import DURING_PLAN, make_conversation


def test_a_wizard_goes_on_whichever_core_gets_the_next_answer(answerer: Answerer, postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    upgrade(engine)
    first, second = (make_conversation(answerer, engine, DURING_PLAN) for _ in range(2))
    for core in (first, second):  # both have filled their caches before the chat starts
        core.handle(Incoming("test", "someone", "someone", text="/start"))
    chat = Chat(first)
    chat.say("/denghi")
    assert "đơn vị nào" in chat.text
    chat.conversation = second  # the answer lands on the other core
    chat.say("Quận Ba Đình")
    assert "loại khen thưởng nào" in chat.text, chat.text
    chat.conversation = first  # and the next one back on the first, whose cache holds the state it wrote
    chat.tap("Khen thưởng tổng kết")
    assert any(label.startswith("Đô thị văn minh") for label in chat.labels), chat.text
    chat.conversation = second
    chat.say("/huy")
    chat.conversation = first
    chat.tap("Có, hủy hồ sơ")
    chat.conversation = second
    chat.say("Quận Ba Đình")  # after the other core cancelled, this is a question again, not the wizard's answer
    assert "Bước" not in chat.text and not any(label.startswith("Đô thị") for label in chat.labels), chat.text
    engine.dispose()
