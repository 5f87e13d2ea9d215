"""The same conversations through real HTTP against the fake Bot API server, for each Telegram backend."""
from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.output import Registry
from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from bot.zalo import ZaloChannel
from knowledge.answer import Answerer
from tests.conftest import make_conversation
from tests.fake_telegram import FakeTelegram, polled_by
from tests.fake_zalo import FakeZalo

TOKEN = "123456:TEST"
FAST = 0.3  # seconds: an answer this fast shows no "typing" (bot/delivery.py's TYPING_AFTER)


def _polling(backend, core, fake: FakeTelegram | None = None) -> contextlib.AbstractAsyncContextManager[FakeTelegram]:
    """A channel of `backend` over `core` (any object with `handle`), polling a fresh fake (or `fake`)."""
    return polled_by(backend, core, TOKEN, fake)


@pytest.fixture(params=[AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def telegram(request: pytest.FixtureRequest, answerer: Answerer,
                   sqlite_engine: Engine) -> AsyncIterator[FakeTelegram]:
    async with _polling(request.param, make_conversation(answerer, sqlite_engine)) as fake:
        yield fake


def _buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup")
    rows = json.loads(markup)["inline_keyboard"] if isinstance(markup, str) else []
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_start_registers_commands_and_shows_the_menu(telegram: FakeTelegram) -> None:
    telegram.user_says(7, "/start")
    (menu,) = await telegram.wait_for("sendMessage", 1)
    assert "Trợ lý Thi đua" in menu["text"] and ("Hạn chót", "menu:hanchot") in _buttons(menu)
    sent = telegram.sent("setMyCommands")[0]["commands"]
    commands = json.loads(sent) if isinstance(sent, str) else sent
    assert {"command": "hanchot", "description": "Các thời hạn và số ngày còn lại"} in commands


async def test_a_button_press_is_answered_and_acted_on(telegram: FakeTelegram) -> None:
    started = time.monotonic()
    telegram.user_taps(7, "menu:chitieu")
    await telegram.wait_for("answerCallbackQuery", 1)
    (ask,) = await telegram.wait_for("sendMessage", 1)
    assert ("Quận, huyện, thị xã", "quota:district") in _buttons(ask)
    slowest = time.monotonic() - started
    started = time.monotonic()
    telegram.user_taps(7, "quota:district")
    reply = (await telegram.wait_for("sendMessage", 2))[1]
    slowest = max(slowest, time.monotonic() - started)
    assert "tối đa 03 cá nhân" in reply["text"]
    if slowest < FAST:  # answered before "typing" is due (always, but on a machine too busy to tell)
        assert telegram.sent("sendChatAction") == []  # a fast answer needs no "typing"


async def test_a_free_question_and_user_text_escaped(telegram: FakeTelegram) -> None:
    telegram.user_says(7, "<b>Sở Y tế</b> được đề nghị mấy cá nhân?")
    telegram.user_says(7, "/x<b>&y")
    answer, echo = await telegram.wait_for("sendMessage", 2)
    assert "tối đa 02 cá nhân" in answer["text"] and answer["parse_mode"] == "HTML"
    assert "/x&lt;b&gt;&amp;y" in echo["text"]


async def test_in_groups_only_commands_and_mentions(telegram: FakeTelegram) -> None:
    telegram.user_says(-100, "hạn nộp hồ sơ?", chat_type="supergroup")
    telegram.user_says(-100, "@tro_ly_thi_dua_bot hạn nộp hồ sơ khen thưởng?", chat_type="supergroup")
    (reply,) = await telegram.wait_for("sendMessage", 1)
    await asyncio.sleep(0.3)
    assert len(telegram.sent()) == 1 and "01/9/2024" in reply["text"]


async def test_one_chat_in_order(telegram: FakeTelegram) -> None:
    for text in ("/start", "2", "/help"):
        telegram.user_says(9, text)
    replies = await telegram.wait_for("sendMessage", 3)
    assert "Trợ lý Thi đua" in replies[0]["text"] and "29/02/2024" in replies[1]["text"]
    assert "/hanchot" in replies[2]["text"]


@pytest.mark.parametrize("backend", ["aiogram", "ptb"])
async def test_run_serves_telegram_when_a_token_is_set_and_stops_on_sigterm(tmp_path, backend: str) -> None:
    from tests.bot_process import STARTED, running_bot
    fake = FakeTelegram()
    base = await fake.start()
    try:
        async with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=base, TELEGRAM_BACKEND=backend):
            fake.user_says(5, "/start")
            (menu,) = await fake.wait_for("sendMessage", 1, timeout=STARTED)
            assert "Trợ lý Thi đua" in menu["text"]
    finally:
        await fake.stop()


async def test_429_is_retried_after_retry_after(telegram: FakeTelegram) -> None:
    telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    telegram.user_says(7, "/help")
    first, second = await telegram.wait_for("sendMessage", 2)
    assert first["text"] == second["text"] and "/hanchot" in second["text"]


async def test_a_user_who_blocked_the_bot_is_skipped(telegram: FakeTelegram) -> None:
    telegram.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=7)
    telegram.user_says(7, "/help")
    telegram.user_says(8, "/help")
    sent = await telegram.wait_for("sendMessage", 2)
    assert {str(m["chat_id"]) for m in sent} == {"7", "8"}  # the refused send to 7 did not stop the bot
    telegram.user_says(8, "/start")
    assert "Trợ lý Thi đua" in (await telegram.wait_for("sendMessage", 3))[2]["text"]


async def test_a_double_tap_acts_once(telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    # the taps are pressed at once, but told apart by when each is handled, which a busy machine can delay for more
    # than the product's 2 s
    monkeypatch.setattr("handlers.conversation.DOUBLE_TAP_SECONDS", 60.0)
    telegram.user_taps(7, "menu:hoso", message_id=500)
    telegram.user_taps(7, "menu:hoso", message_id=500)
    await telegram.wait_for("answerCallbackQuery", 2)
    await telegram.wait_for("sendMessage", 1)  # the first tap acted (each tap is answered before it is handled)
    await asyncio.sleep(0.3)  # time for the second tap to act too, were it to
    assert len(telegram.sent()) == 1


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_a_long_reply_is_split_on_paragraphs_and_slow_work_shows_typing(backend) -> None:
    from handlers.events import Reply

    class LongCore:  # a slow core whose reply is longer than one Telegram message
        def __init__(self, busy_until=lambda: True) -> None:
            self.busy_until = busy_until

        def handle(self, event):
            deadline = time.monotonic() + 10.0  # works until "typing" is shown (or 10 s: then the test tells why)
            while event is not None and not self.busy_until() and time.monotonic() < deadline:
                time.sleep(0.01)
            return [Reply("\n".join(f"Đoạn {i}: " + "nội dung " * 40 for i in range(40)))]

    whole = LongCore().handle(None)[0].text
    fake = FakeTelegram()
    async with _polling(backend, LongCore(lambda: fake.sent("sendChatAction")), fake):
        fake.user_says(7, "dài")
        await fake.wait_true(lambda: "\n".join(m["text"] for m in fake.sent()) == whole, "the whole reply", 20)
        await asyncio.sleep(0.3)  # time for more messages, were there any
        pieces = [m["text"] for m in fake.sent()]
        assert len(pieces) >= 4 and all(len(p) <= 4096 for p in pieces)
        assert all(p.startswith("Đoạn") for p in pieces)
        assert "\n".join(pieces) == whole
        assert [a["action"] for a in fake.sent("sendChatAction")] == ["typing"]


@pytest.mark.parametrize("payload, expected", [
    ("menu:hoidap", "gõ câu hỏi"), ("menu:hanchot", "29/02/2024"), ("menu:chitieu", "nhóm nào"),
    ("menu:tieuchuan", "Nội bộ đoàn kết"), ("menu:hoso", "01 bộ (bản chính)"),
])
async def test_each_menu_button_leads_to_a_real_answer(telegram: FakeTelegram, payload: str, expected: str) -> None:
    from handlers.conversation import MENU
    assert payload in {c.payload for c in MENU}
    telegram.user_taps(11, payload)
    (reply,) = await telegram.wait_for("sendMessage", 1)
    assert expected in reply["text"]


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_a_reply_addressed_to_another_chat_goes_there(backend) -> None:
    """Whatever its platform: the registry holds the process's channels, and a reply leaves by its address's."""
    from handlers.events import Address, Choice, Reply

    class NotifyingCore:  # e.g. a submission: the sender is thanked, a receiver on Telegram told, one on Zalo too
        def handle(self, event):
            return [Reply("Đã gửi."), Reply("Có hồ sơ mới.", to=Address("telegram", "99")),
                    Reply("Có hồ sơ mới.", (Choice("Xem", "x"),), to=Address("zalo", "abc"))]

    zalo, registry = FakeZalo(), Registry()
    zalo_channel = ZaloChannel("zalo-token", await zalo.start(), NotifyingCore(), registry=registry)
    try:
        async with polled_by(backend, NotifyingCore(), TOKEN, registry=registry) as fake:
            fake.user_says(7, "gửi")
            await fake.wait_for("sendMessage", 2)
            (told,) = await zalo.wait_for("sendMessage", 1)
            assert [(str(m["chat_id"]), m["text"]) for m in fake.sent()] == [("7", "Đã gửi."), ("99", "Có hồ sơ mới.")]
            assert told["chat_id"] == "abc" and told["text"].startswith("Có hồ sơ mới.\n  1. Xem")  # no buttons
    finally:
        await zalo_channel.stop()
        await zalo.stop()
