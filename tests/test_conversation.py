"""The platform-free conversation core: commands, menu choices by button, number or label, free questions."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine

from handlers.conversation import Conversation
from handlers.events import Incoming
from knowledge.answer import Answerer
from tests.conftest import make_conversation


@pytest.fixture()
def conversation(answerer: Answerer, sqlite_engine: Engine) -> Conversation:
    return make_conversation(answerer, sqlite_engine)


def _say(conversation: Conversation, text: str = "", payload: str | None = None, attachment: str | None = None):
    return conversation.handle(Incoming("test", "c1", "u1", text=text, payload=payload, attachment=attachment))


def test_start_offers_the_menu(conversation: Conversation) -> None:
    (reply,) = _say(conversation, "/start")
    assert "Trợ lý Thi đua" in reply.text
    assert [c.label for c in reply.choices][:3] == ["Hỏi đáp", "Hạn chót", "Chỉ tiêu"]


@pytest.mark.parametrize("typed", ["2", "Hạn chót", "han chot"])
def test_a_tap_a_number_and_a_label_are_the_same_choice(conversation: Conversation, typed: str) -> None:
    _say(conversation, "/start")
    by_text = _say(conversation, typed)[0].text
    assert by_text == _say(conversation, payload="menu:hanchot")[0].text
    assert "29/02/2024" in by_text


def test_quota_asks_the_unit_class_then_answers_for_it(conversation: Conversation) -> None:
    (ask,) = _say(conversation, "/chitieu@TroLyThiDuaBot")
    assert [c.payload for c in ask.choices] == ["quota:district", "quota:city"]
    district = _say(conversation, "1")[0].text
    assert "tối đa 03 cá nhân" in district and "01 tập thể" not in district
    assert "01 tập thể" in _say(conversation, payload="quota:city")[0].text


def test_cancel_forgets_the_offered_choices(conversation: Conversation) -> None:
    _say(conversation, "/start")
    assert "Đã hủy" in _say(conversation, "/huy")[0].text
    assert "29/02/2024" not in _say(conversation, "2")[0].text  # '2' is a question again


def test_commands_with_bot_name_and_unknown_commands(conversation: Conversation) -> None:
    assert "chưa hiểu lệnh /abc" in _say(conversation, "/abc")[0].text


def test_free_question_and_attachment(conversation: Conversation) -> None:
    assert "Sở Kế hoạch và Đầu tư" in _say(conversation, "ai chủ trì phong trào Vành đai 4?")[0].text
    assert "chỉ đọc được tin nhắn chữ" in _say(conversation, attachment="photo")[0].text


def test_chats_keep_their_own_choices(conversation: Conversation) -> None:
    conv = conversation
    conv.handle(Incoming("test", "a", "u", text="/start"))
    reply = conv.handle(Incoming("test", "b", "u", text="2"))[0]
    assert "29/02/2024" not in reply.text  # chat b was offered nothing: '2' is a question there


def test_state_cache_knows_when_it_holds_every_state() -> None:
    from handlers.state_cache import StateCache

    cache = StateCache(size=2)
    cache.fill([("b", 3, {"mode": "wizard"}), ("a", 1, {})])
    assert cache.complete and cache.lookup("b") == (3, {"mode": "wizard"}) and cache.lookup("c") == (0, {})
    cache.fill([("b", 2, {}), ("a", 1, {"mode": "wizard"})])  # a fill read at the same time as the first: ignored
    assert cache.lookup("b") == (3, {"mode": "wizard"})
    cache.put("c", 1, {"choices": [["Có", "x"]]})  # a third chat: the oldest goes, a miss means "ask the database"
    assert not cache.complete and cache.lookup("a") is None and cache.lookup("b") == (3, {"mode": "wizard"})
    partial = StateCache(size=1)
    partial.fill([("b", 1, {}), ("a", 1, {})])  # more rows than it may hold
    assert not partial.complete and partial.lookup("b") == (1, {}) and partial.lookup("a") is None


def test_state_cache_shared_by_threads_loses_no_state() -> None:
    import threading

    from handlers.state_cache import StateCache

    cache = StateCache(size=100)
    cache.fill([])
    errors: list[BaseException] = []

    def chats(worker: int) -> None:
        try:
            for i in range(5000):
                key = f"{worker}:{i % 150}"  # more chats than the cache holds: evictions all the time
                cache.put(key, i, {"n": i})
                found = cache.lookup(key)
                assert found is None or found[1]["n"] <= i
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=chats, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(cache._items) == 100
