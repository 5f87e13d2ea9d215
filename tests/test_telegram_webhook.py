"""Webhook mode through real HTTP: a good secret is handled before the 200, a bad one gets 403 and nothing else."""
from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.serve import TELEGRAM_SECRET_HEADER
from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from bot.webhook import Route, WebhookServer
from knowledge.answer import Answerer
from tests.bot_process import STARTED, free_port, running_bot
from tests.conftest import make_conversation
from tests.fake_telegram import FakeTelegram

TOKEN = "123456:TEST"
SECRET = "bi-mat-webhook-123"


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_webhook_secret_checked_and_update_handled_before_ack(backend, answerer: Answerer,
                                                                   sqlite_engine: Engine) -> None:
    fake = FakeTelegram()
    channel = backend(TOKEN, await fake.start(), make_conversation(answerer, sqlite_engine))
    await channel.prepare()
    server = WebhookServer("127.0.0.1:0", [Route("/tg", TELEGRAM_SECRET_HEADER, SECRET, channel.feed)])
    url = f"http://127.0.0.1:{await server.start()}/tg"
    try:
        async with aiohttp.ClientSession() as http:
            bad = await http.post(url, json=fake.message_update(7, "/start"), headers={TELEGRAM_SECRET_HEADER: "sai"})
            none = await http.post(url, json=fake.message_update(7, "/start"))
            assert (bad.status, none.status) == (403, 403) and fake.sent() == []
            good = await http.post(url, json=fake.message_update(7, "/start"), headers={TELEGRAM_SECRET_HEADER: SECRET})
            assert good.status == 200
            assert "Trợ lý Thi đua" in fake.sent()[0]["text"]  # handled before the acknowledgement
    finally:
        await server.stop()
        await channel.stop()
        await fake.stop()


async def test_run_sets_the_webhook_and_serves_it(tmp_path) -> None:
    fake = FakeTelegram()
    base = await fake.start()
    port = free_port()
    try:
        async with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=base,
                               WEBHOOK_URL="https://bot.example.vn/telegram", WEBHOOK_SECRET=SECRET,
                               WEBHOOK_LISTEN=f"127.0.0.1:{port}"):
            (hook,) = await fake.wait_for("setWebhook", 1, timeout=STARTED)
            assert hook["url"] == "https://bot.example.vn/telegram" and hook["secret_token"] == SECRET
            async with aiohttp.ClientSession() as http:
                r = await http.post(f"http://127.0.0.1:{port}/telegram", json=fake.message_update(3, "/hoso"),
                                    headers={TELEGRAM_SECRET_HEADER: SECRET})
                assert r.status == 200 and "01 bộ (bản chính)" in fake.sent()[0]["text"]
    finally:
        await fake.stop()
