"""An edited message is not taken as a new answer, and a channel post is not answered, on both Telegram backends
alike (python-telegram-bot used to take an edit of the name as the position)."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from knowledge.answer import Answerer
from storage.models import Nomination
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import polled_by
from tests.telegram_officer import Officer, to_position


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_an_edit_during_the_wizard_is_not_saved_and_says_how_to_change_an_answer(
        backend, answerer: Answerer, sqlite_engine: Engine) -> None:
    async with polled_by(backend, make_conversation(answerer, sqlite_engine, DURING_PLAN)) as fake:
        me = Officer(fake, 7)
        await to_position(me, "Quận Ba Đình", "Nguyễn Văn An")
        before = len(fake.to_chat(7))
        fake.channel_posts(7, "Thông báo của kênh")  # in the officer's chat: handled in order, were it handled
        edited = await me.reply_to(lambda: fake.user_edits(7, "Nguyễn Văn Bình"))
        assert "không áp dụng tin nhắn đã sửa" in edited and "Sửa: …" in edited
        assert "Đơn vị công tác" in await me.says("Chuyên viên")  # the step after the position: nothing skipped
        assert len(fake.to_chat(7)) == before + 2  # the edit's note and the next step: the post got nothing
    with Session(sqlite_engine) as s:
        answers = s.exec(select(Nomination)).one().answers
    assert answers["full_name"] == "Nguyễn Văn An" and answers["position"] == "Chuyên viên"


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_a_message_typed_after_a_tap_is_handled_after_it_however_slow_the_acknowledgement(
        backend, answerer: Answerer, sqlite_engine: Engine) -> None:
    import asyncio

    async with polled_by(backend, make_conversation(answerer, sqlite_engine, DURING_PLAN)) as fake:
        released = fake.hold("answerCallbackQuery", 0)  # Telegram slow to take the acknowledgement
        fake.user_taps(7, "menu:chitieu")
        fake.user_says(7, "/hoso")
        await fake.wait_for("answerCallbackQuery", 1)
        await asyncio.sleep(0.3)  # time for the message to jump the queue, were it to
        released.set()
        first, second = await fake.wait_for_chat(7, 2)
    assert "nhóm nào" in first["text"] and "01 bộ (bản chính)" in second["text"]
