"""The same update delivered twice (a webhook retried, a restart, another process) is applied once, on both Telegram
backends and Zalo, on SQLite and PostgreSQL: the answer to "Chức vụ" is not stored as "Đơn vị công tác" too."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.serve import TELEGRAM_SECRET_HEADER
from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from bot.webhook import Route, WebhookServer
from knowledge.answer import Answerer
from storage.models import Nomination
from tests.chat_driver import Chat
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo
from tests.test_zalo_contract import polling

SECRET = "bi-mat-webhook-123"


class Hooked:
    """A channel of one backend over a fresh core on `engine`, behind the webhook server: a process of the bot."""

    def __init__(self, backend, answerer: Answerer, engine: Engine, fake: FakeTelegram) -> None:
        self.conversation = make_conversation(answerer, engine, DURING_PLAN)
        self.channel = backend("123456:TEST", fake.base, self.conversation)
        self.server: WebhookServer | None = None

    async def __aenter__(self) -> str:
        await self.channel.prepare()
        self.server = WebhookServer("127.0.0.1:0", [Route("/tg", TELEGRAM_SECRET_HEADER, SECRET, self.channel.feed)])
        return f"http://127.0.0.1:{await self.server.start()}/tg"

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        await self.server.stop()
        await self.channel.stop()


@pytest.fixture()
async def fake() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


async def _post(url: str, update: dict) -> int:
    async with aiohttp.ClientSession() as http:
        r = await http.post(url, json=update, headers={TELEGRAM_SECRET_HEADER: SECRET})
        return r.status


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_the_same_update_twice_by_webhook_is_applied_once(backend, answerer: Answerer, engine: Engine,
                                                                fake: FakeTelegram) -> None:
    first = Hooked(backend, answerer, engine, fake)
    chat = Chat(first.conversation, user="7", platform="telegram")
    for text in ("/denghi", "Quận Ba Đình"):
        chat.say(text)
    for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân"):
        chat.tap(label)
    for text in ("Nguyễn Văn An",):
        chat.say(text)
    chat.tap("Nam")
    chat.say("15/3/1980")
    assert "Chức vụ hiện nay" in chat.text
    update = fake.message_update(7, "Phó Trưởng phòng Văn hóa và Thông tin")
    async with first as url:
        statuses = await asyncio.gather(_post(url, update), _post(url, update))  # a retry racing the first
        assert statuses == [200, 200]
        assert await _post(url, update) == 200  # and once more, later
    async with Hooked(backend, answerer, engine, fake) as url:  # another process, or the same one restarted
        assert await _post(url, update) == 200
    assert len(fake.to_chat(7)) == 1 and "Đơn vị công tác" in fake.to_chat(7)[0]["text"]
    with Session(engine) as s:
        answers = s.exec(select(Nomination)).one().answers
    assert answers["position"] == "Phó Trưởng phòng Văn hóa và Thông tin" and "workplace" not in answers


async def test_the_same_zalo_message_after_a_restart_is_applied_once(answerer: Answerer, engine: Engine) -> None:
    fake = FakeZalo()
    update = fake.update("u1", text="/denghi")
    async with polling(make_conversation(answerer, engine, DURING_PLAN), fake):
        fake.deliver(update)
        fake.deliver(update)
        fake.user_says("u1", "Quận Ba Đình")
        await fake.wait_for("sendMessage", 2)
    async with polling(make_conversation(answerer, engine, DURING_PLAN), fake):  # the bot restarted
        fake.deliver(update)
        fake.user_says("u1", "tổng kết")
        await fake.wait_for("sendMessage", 3)
    first, second, third = (m["text"] for m in fake.sent())  # nothing said to the redeliveries
    assert "đơn vị nào" in first and "loại khen thưởng" in second and "phong trào (chuyên đề) nào" in third
