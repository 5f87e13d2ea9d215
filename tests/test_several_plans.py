"""One process serves every plan: a user picks one, asks about it (or names another), files a nomination under it
and subscribes to its reminders; a plan whose period has ended is still answered but takes no nomination. Through
the console core and through the fake Telegram server."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, text

from bot.telegram_aiogram import AiogramChannel
from handlers.conversation import Conversation
from knowledge.answer import Answerer
from knowledge.loader import load_plan
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, settle_profile
from tests.conftest import PLAN_ID
from tests.fake_telegram import polled_by
from tests.plan_driver import answer_for, current_step, unit_for
from tests.telegram_officer import Officer

OTHER = "ninh-binh-2027-doan-ket-doi-moi-phat-trien"
BOTH_RUNNING = dt.date(2024, 8, 1)  # Hanoi's dossiers are still taken; Ninh Bình's plan is yet to start
HANOI_OVER = dt.date(2027, 3, 2)  # Ninh Bình's plan runs


def _conversation(engine: Engine, day: dt.date) -> Conversation:
    answerers = [Answerer(*load_plan(p), named=True) for p in (PLAN_ID, OTHER)]
    return Conversation(answerers, lambda: UnitOfWork(engine), lambda: day)


def _file(chat: Chat, conversation: Conversation, engine: Engine, plan_id: str, award: str, day: dt.date) -> str:
    """A nomination of `award` for a collective, from /denghi to its submission; the text after it."""
    plan, units = load_plan(plan_id)
    unit = unit_for(plan, units, award, "collective")
    chat.say("/denghi")
    while "Nộp hồ sơ" not in chat.labels:
        step = current_step(conversation, engine, plan, chat.platform, chat.user)
        assert step is not None, chat.text
        how, value = answer_for(step, plan, unit, award, "collective", day)
        chat.say(value) if how == "say" else chat.tap(value)
    chat.tap("Nộp hồ sơ")
    settle_profile(chat)
    return chat.text


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(text(sql))]


def test_a_user_picks_a_plan_asks_files_and_subscribes_under_it(engine: Engine) -> None:
    conversation = _conversation(engine, BOTH_RUNNING)
    chat = Chat(conversation)
    chat.say("/start")
    assert "kế hoạch nào" in chat.text and "đang chọn" not in chat.text and len(chat.labels) == 2
    assert any(label.endswith("(chưa bắt đầu)") and "Ninh Bình" in label for label in chat.labels)
    chat.say("/denghi")  # a command bound to a plan waits for the choice
    assert "chọn kế hoạch trước" in chat.text
    chat.tap("Kế hoạch thi đua chào mừng 70 năm")
    assert "Đã chọn" in chat.text and "Hỏi đáp" in chat.labels
    chat.say("hạn nộp hồ sơ khen thưởng tổng kết là ngày nào?")
    assert "01/9/2024" in chat.text and "70 năm" in chat.text
    chat.say("kế hoạch 2027 hạn nộp hồ sơ cờ thi đua là ngày nào?")  # names the other plan
    assert "10/12/2027" in chat.text and "Ninh Bình" in chat.text
    assert "Đã nộp" in _file(chat, conversation, engine, PLAN_ID, "tong_ket", BOTH_RUNNING)
    chat.say("/nhachan")  # the user's unit is known by now: subscribed to its class at once
    assert "Tắt nhắc hạn" in chat.labels
    assert _rows(engine, "SELECT plan_id, status FROM nominations") == [(PLAN_ID, "submitted")]
    assert _rows(engine, "SELECT plan_id, active FROM subscriptions") == [(PLAN_ID, 1)]
    chat.say("/denghi")  # a draft under Hanoi's plan, left open
    chat.say("/kehoach")
    chat.tap("Kế hoạch thi đua \"Ninh Bình")
    chat.say("/tieptuc")
    assert "thuộc kế hoạch khác" in chat.text
    chat.say("/hosocuatoi")
    assert "chưa có hồ sơ nào" in chat.text  # its own list: the Hanoi nomination is not in it
    chat.say("/denghi")
    assert "chưa nhận hồ sơ đề nghị" in chat.text and "Bước 1" not in chat.text  # its period starts in 2027
    chat.say("/xoadulieu")  # under one plan, the user's data under every plan goes
    chat.tap("Có, xóa")
    assert "Vẫn giữ: 1 hồ sơ đã nộp" in chat.text
    assert _rows(engine, "SELECT plan_id FROM subscriptions") == []


def test_an_ended_plan_is_answered_and_says_so_but_takes_no_nomination(engine: Engine) -> None:
    conversation = _conversation(engine, HANOI_OVER)
    chat = Chat(conversation)
    chat.say("/start")
    assert "Hỏi đáp" in chat.labels  # one plan is running: no choice to make, it is the one served
    assert "Đã nộp" in _file(chat, conversation, engine, OTHER, "co_thi_dua", HANOI_OVER)
    chat.say("/kehoach")
    chat.tap("Kế hoạch thi đua chào mừng 70 năm")
    assert "đã kết thúc" in chat.text
    chat.say("hạn nộp hồ sơ khen thưởng tổng kết?")
    assert "01/9/2024" in chat.text and "đã kết thúc" in chat.text
    chat.say("/denghi")
    assert "không nhận hồ sơ đề nghị mới" in chat.text and "Bước 1" not in chat.text
    assert _rows(engine, "SELECT plan_id FROM nominations") == [(OTHER,)]


@pytest.mark.parametrize("day", [HANOI_OVER])
async def test_the_same_through_telegram(sqlite_engine: Engine, day: dt.date) -> None:
    conversation = _conversation(sqlite_engine, day)
    async with polled_by(AiogramChannel, conversation) as fake:
        me = Officer(fake, 77)
        await fake.wait_for("getUpdates", 1, timeout=30)
        await me.says("/kehoach")
        assert "Đã chọn" in await me.taps("Kế hoạch thi đua \"Ninh Bình")
        assert "10/12/2027" in await me.says("hạn nộp hồ sơ cờ thi đua là ngày nào?")
        assert "01/9/2024" in await me.says("kế hoạch 2024: hạn nộp hồ sơ khen thưởng tổng kết?")
        plan, units = load_plan(OTHER)
        unit = unit_for(plan, units, "co_thi_dua", "collective")
        text = await me.says("/denghi")
        while not any(label == "Nộp hồ sơ" for label, _ in me.buttons()):
            step = current_step(conversation, sqlite_engine, plan, "telegram", "77")
            assert step is not None, text
            how, value = answer_for(step, plan, unit, "co_thi_dua", "collective", day)
            text = await (me.says(value) if how == "say" else me.taps(value))
        text = await me.settles_profile(await me.taps("Nộp hồ sơ"))
        assert "Đã nộp" in "\n".join(m["text"] for m in fake.to_chat(77)[-4:])
        await me.says("/nhachan")
        assert [label for label, _ in me.buttons()] == ["Tắt nhắc hạn"]
    assert _rows(sqlite_engine, "SELECT plan_id, status FROM nominations") == [(OTHER, "submitted")]
    assert _rows(sqlite_engine, "SELECT plan_id, active FROM subscriptions") == [(OTHER, 1)]


async def test_one_run_process_serves_every_plan_in_the_folder(tmp_path) -> None:
    """`python -m bot run` with no PLAN_IDS: both plans, on Telegram and on Zalo alike."""
    from tests.bot_process import STARTED, running_bot
    from tests.fake_telegram import FakeTelegram
    from tests.fake_zalo import FakeZalo

    telegram, zalo = FakeTelegram(), FakeZalo()
    try:
        async with running_bot(tmp_path, PLAN_IDS="", BOT_TODAY=BOTH_RUNNING.isoformat(),
                               TELEGRAM_BOT_TOKEN="123456:TEST", TELEGRAM_API_BASE=await telegram.start(),
                               ZALO_BOT_TOKEN="zalo-test-token", ZALO_API_BASE=await zalo.start()):
            telegram.user_says(5, "/kehoach")
            (listed,) = await telegram.wait_for("sendMessage", 1, timeout=STARTED)
            rows = json.loads(listed["reply_markup"])["inline_keyboard"]
            payloads = [b["callback_data"] for row in rows for b in row]
            assert payloads == [f"plan:{PLAN_ID}", f"plan:{OTHER}"]
            zalo.user_says("5", "kế hoạch 2027 hạn nộp hồ sơ cờ thi đua là ngày nào?")
            (answered,) = await zalo.wait_for("sendMessage", 1, timeout=STARTED)
            assert "10/12/2027" in answered["text"] and "Ninh Bình" in answered["text"]
    finally:
        await telegram.stop()
        await zalo.stop()
