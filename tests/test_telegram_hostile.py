"""What a careless or hostile sender tries on Telegram, on both backends: webhook bodies that are JSON but not
updates (400, one log line, no traceback), and commands named for another bot in a group (not answered)."""
from __future__ import annotations

import logging

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.serve import TELEGRAM_SECRET_HEADER
from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from bot.webhook import Route, WebhookServer
from knowledge.answer import Answerer
from tests.conftest import make_conversation
from tests.fake_telegram import FakeTelegram, polled_by

SECRET = "bi-mat-webhook-123"
BACKENDS = pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])


@BACKENDS
async def test_webhook_bodies_that_are_not_updates_get_400_and_one_log_line(
        backend, answerer: Answerer, sqlite_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake = FakeTelegram()
    channel = backend("123456:TEST", await fake.start(), make_conversation(answerer, sqlite_engine))
    await channel.prepare()
    server = WebhookServer("127.0.0.1:0", [Route("/tg", TELEGRAM_SECRET_HEADER, SECRET, channel.feed)])
    url = f"http://127.0.0.1:{await server.start()}/tg"
    bodies = ([], 5, {}, {"update_id": "abc"}, {"update_id": 1, "message": "không phải tin nhắn"})
    try:
        async with aiohttp.ClientSession() as http:
            for body in bodies:
                r = await http.post(url, json=body, headers={TELEGRAM_SECRET_HEADER: SECRET})
                assert r.status == 400, body
            r = await http.post(url, json=fake.message_update(7, "/start"), headers={TELEGRAM_SECRET_HEADER: SECRET})
            assert r.status == 200 and "Trợ lý Thi đua" in fake.sent()[0]["text"]  # still serving
    finally:
        await server.stop()
        await channel.stop()
        await fake.stop()
    lines = [r for r in caplog.records if "not an update" in r.getMessage()]
    assert len(lines) == len(bodies) and all(r.exc_info is None for r in lines)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


@BACKENDS
async def test_a_command_named_for_another_bot_in_a_group_is_not_answered(backend, answerer: Answerer,
                                                                          sqlite_engine: Engine) -> None:
    async with polled_by(backend, make_conversation(answerer, sqlite_engine)) as fake:
        fake.user_says(-500, "/start@other_bot", chat_type="group")
        fake.user_says(-500, "/hoso@tro_ly_thi_dua_bot", chat_type="group")  # this bot's own name
        (reply,) = await fake.wait_for_chat(-500, 1)
        assert "01 bộ (bản chính)" in reply["text"]  # the /hoso answer; nothing for /start@other_bot before it
