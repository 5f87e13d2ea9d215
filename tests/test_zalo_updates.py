"""Zalo updates as core events: any JSON is either an event or skipped, never an exception; ids are strings."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.zalo_updates import parse

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)
KEYS = st.sampled_from(["ok", "result", "event_name", "message", "from", "chat", "id", "text", "chat_type",
                        "message_id", "is_bot", "photo", "caption", "display_name", "message.text.received"])
SHAPED = st.recursive(JSON, lambda inner: st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)


@settings(deadline=None)  # about what parse returns, not how fast: a busy machine must not fail it (outside CI too)
@given(SHAPED)
def test_any_json_is_an_event_or_skipped(body: object) -> None:
    update = parse(body, bot_id="1")
    assert update is None or update.event.platform == "zalo" and isinstance(update.event.chat_id, str)


def test_numbers_become_strings_and_names_have_fallbacks() -> None:
    update = parse({"event_name": "message.text.received",
                    "message": {"message_id": 12, "chat": {"id": 345}, "from": {"id": 345, "name": "Lan"},
                                "text": "hạn nộp?"}})
    assert update is not None and update.message_id == "12"
    assert (update.event.chat_id, update.event.user_id, update.event.display_name) == ("345", "345", "Lan")


def test_an_update_without_event_name_but_with_text_is_a_text_message() -> None:
    update = parse({"message": {"chat": {"id": "c"}, "from": {"id": "c", "first_name": "A"}, "text": "Xin chào"}})
    assert update is not None and update.event.text == "Xin chào" and update.message_id is None
