"""Telegram and Zalo in one process over the one conversation core: users are keyed by platform, `run` serves both
by polling or both by webhooks on one web server, and stops both on SIGTERM."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import Engine

from bot.serve import TELEGRAM_SECRET_HEADER, ZALO_SECRET_HEADER
from bot.telegram_aiogram import AiogramChannel
from bot.zalo import Pacing, ZaloChannel
from knowledge.answer import Answerer
from tests.bot_process import STARTED, free_port, running_bot
from tests.conftest import PLAN_ID, ROOT, make_conversation
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo, wrapped

TELEGRAM_TOKEN, ZALO_TOKEN = "123456:TEST", "zalo-test-token"
SECRETS = {"telegram": "bi-mat-telegram-1", "zalo": "bi-mat-zalo-123"}


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeTelegram, FakeZalo]]:
    telegram, zalo = FakeTelegram(), FakeZalo()
    yield telegram, zalo
    await telegram.stop()
    await zalo.stop()


async def test_the_same_id_on_telegram_and_zalo_is_two_users(answerer: Answerer, fakes, sqlite_engine: Engine) -> None:
    telegram, zalo = fakes
    conversation = make_conversation(answerer, sqlite_engine)
    channels = [AiogramChannel(TELEGRAM_TOKEN, await telegram.start(), conversation),
                ZaloChannel(ZALO_TOKEN, await zalo.start(), conversation, pacing=Pacing(min_poll=0.0))]
    tasks = [asyncio.create_task(c.start_polling()) for c in channels]
    try:
        telegram.user_says(7, "/chitieu")  # Telegram user 7 is offered the unit classes
        await telegram.wait_for("sendMessage", 1)
        zalo.user_says("7", "1")  # Zalo user "7" was offered nothing: "1" is no choice of theirs
        (zalo_reply,) = await zalo.wait_for("sendMessage", 1)
        telegram.user_says(7, "1")
        telegram_reply = (await telegram.wait_for("sendMessage", 2))[1]
        assert "tối đa 03 cá nhân" in telegram_reply["text"]
        assert "tối đa" not in zalo_reply["text"] and "không có nội dung" in zalo_reply["text"]
    finally:
        for channel in channels:
            await channel.stop()
        await asyncio.wait_for(asyncio.gather(*tasks), 10)


async def test_run_polls_telegram_and_zalo_in_one_process(tmp_path, fakes) -> None:
    telegram, zalo = fakes
    async with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_API_BASE=await telegram.start(),
                           ZALO_BOT_TOKEN=ZALO_TOKEN, ZALO_API_BASE=await zalo.start()):
        telegram.user_says(5, "/start")
        zalo.user_says("5", "/start")
        (on_telegram,) = await telegram.wait_for("sendMessage", 1, timeout=STARTED)
        (on_zalo,) = await zalo.wait_for("sendMessage", 1, timeout=STARTED)
        assert "Trợ lý Thi đua" in on_telegram["text"] and "reply_markup" in on_telegram
        assert "  2. Hạn chót" in on_zalo["text"] and on_zalo["chat_id"] == "5"


async def test_run_serves_both_webhooks_on_one_server(tmp_path, fakes) -> None:
    telegram, zalo = fakes
    port = free_port()
    async with running_bot(tmp_path, TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN, TELEGRAM_API_BASE=await telegram.start(),
                           WEBHOOK_URL="https://bot.example.vn/telegram", WEBHOOK_SECRET=SECRETS["telegram"],
                           ZALO_BOT_TOKEN=ZALO_TOKEN, ZALO_API_BASE=await zalo.start(),
                           ZALO_WEBHOOK_URL="https://bot.example.vn/zalo", ZALO_WEBHOOK_SECRET=SECRETS["zalo"],
                           WEBHOOK_LISTEN=f"127.0.0.1:{port}"):
        await telegram.wait_for("setWebhook", 1, timeout=STARTED)
        await zalo.wait_for("setWebhook", 1, timeout=STARTED)
        assert zalo.webhook and zalo.webhook["url"] == "https://bot.example.vn/zalo"
        assert zalo.sent("getUpdates") == []
        root = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            r = await http.post(f"{root}/telegram", json=telegram.message_update(3, "/hoso"),
                                headers={TELEGRAM_SECRET_HEADER: SECRETS["telegram"]})
            assert r.status == 200 and "01 bộ (bản chính)" in telegram.sent()[0]["text"]
            crossed = await http.post(f"{root}/zalo", json=wrapped(zalo.update("3", text="/hoso")),
                                      headers={ZALO_SECRET_HEADER: SECRETS["telegram"]})
            assert crossed.status == 403  # each route has its own secret
            assert (await http.get(f"{root}/healthz")).status == 200
        assert await zalo.post_webhook(f"{root}/zalo", wrapped(zalo.update("3", text="/hoso")), SECRETS["zalo"]) == 200
        assert "01 bộ (bản chính)" in zalo.sent()[0]["text"]


def test_a_zalo_webhook_needs_a_secret_of_8_to_256_characters(tmp_path) -> None:
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID, "ZALO_BOT_TOKEN": ZALO_TOKEN,
           "ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo", "ZALO_WEBHOOK_SECRET": "ngan"}
    out = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 1 and "ZALO_WEBHOOK_SECRET" in out.stderr and "8–256 ký tự" in out.stderr
    assert "Traceback" not in out.stderr
