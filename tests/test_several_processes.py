"""Two `python -m bot run` processes behind one address, as REDIS_URL has them: one PostgreSQL, one Redis, the
Telegram webhook. The same update posted to both is answered once, and recorded as handled in Redis; a chat's
answers go on whichever process gets them."""
from __future__ import annotations

import asyncio
import uuid

import aiohttp
from redis.asyncio import Redis

from bot.bootstrap import redis_scope
from bot.config import Settings
from bot.coordination.shared import PREFIX
from bot.serve import TELEGRAM_SECRET_HEADER
from tests.bot_process import free_port, running_bot
from tests.conftest import REDIS_URL
from tests.fake_telegram import FakeTelegram

SECRET = "bi-mat-webhook-123"


async def test_two_processes_answer_an_update_posted_to_both_once(tmp_path, postgres_url: str,
                                                                  redis_prefix: str) -> None:  # Redis or skip
    token = f"{uuid.uuid4().int % 10**9}:TEST"  # a bot of its own: its keys in Redis are this test's
    prefix = f"{PREFIX}:{redis_scope(Settings(_env_file=None, telegram_bot_token=token))}:"  # type: ignore[call-arg]
    fake = FakeTelegram()
    base = await fake.start()
    ports = [free_port(), free_port()]
    redis = Redis.from_url(REDIS_URL)
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE": base, "WEBHOOK_URL": "https://bot.example.vn/telegram",
           "WEBHOOK_SECRET": SECRET, "DATABASE_URL": postgres_url, "REDIS_URL": REDIS_URL}
    try:
        async with running_bot(tmp_path, **env, WEBHOOK_LISTEN=f"127.0.0.1:{ports[0]}"), \
                running_bot(tmp_path, **env, WEBHOOK_LISTEN=f"127.0.0.1:{ports[1]}"):
            await fake.wait_for("setWebhook", 2, timeout=90)  # a give-up limit on a loaded machine
            async with aiohttp.ClientSession() as http:
                async def post(port: int, update: dict) -> int:
                    response = await http.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                               headers={TELEGRAM_SECRET_HEADER: SECRET})
                    return response.status

                update = fake.message_update(5, "/hoso")
                assert await asyncio.gather(*(post(port, update) for port in ports)) == [200, 200]
                assert len(fake.to_chat(5)) == 1 and "01 bộ (bản chính)" in fake.to_chat(5)[0]["text"]
                assert await redis.exists(f"{prefix}seen:telegram:{update['update_id']}")
                assert await post(ports[0], fake.message_update(6, "/chitieu")) == 200
                assert await post(ports[1], fake.message_update(6, "2")) == 200  # the chat's choice, elsewhere
                assert "tập thể" in fake.to_chat(6)[-1]["text"]
    finally:
        keys = [k async for k in redis.scan_iter(f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
        await fake.stop()
