"""Many chats at once, through every command and every wizard step, over the fake Bot API and a real database
(SQLite file and PostgreSQL): no chat waits on another's transaction, so every reply arrives within seconds.

The deadlock this guards against: a lock held while a database call waits (functools.cached_property's class-wide
lock on Python 3.11 around `Turn.user`'s BEGIN IMMEDIATE) against a transaction already open in another chat."""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import Engine

from bot.telegram_aiogram import AiogramChannel
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from tests.chat_driver import ACHIEVEMENT, INITIATIVE
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import FakeTelegram, polled_by

REPLY_WITHIN = 8.0  # seconds: SQLite's busy timeout, which a deadlock runs into, is 30
UNITS = ("Quận Ba Đình", "Quận Hoàn Kiếm", "Quận Tây Hồ", "Quận Long Biên", "Quận Cầu Giấy", "Quận Đống Đa",
         "Quận Hai Bà Trưng", "Quận Hoàng Mai")


@pytest.fixture()
def engine_for_chats(database_url: str) -> AsyncIterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
async def telegram(answerer: Answerer, engine_for_chats: Engine) -> AsyncIterator[FakeTelegram]:
    async with polled_by(AiogramChannel, make_conversation(answerer, engine_for_chats, DURING_PLAN)) as fake:
        yield fake


class Officer:
    """One chat; every action waits for the bot's reply to it, at most REPLY_WITHIN seconds."""

    def __init__(self, fake: FakeTelegram, chat_id: int) -> None:
        self.fake, self.chat_id = fake, chat_id
        self.slowest = 0.0
        self.last: dict = {}

    async def _reply(self, act: Callable[[], None], messages: int = 1) -> str:
        """The text of the `messages` messages the action is answered with (the last one carries the buttons)."""
        before = len(self.fake.to_chat(self.chat_id))
        started = time.monotonic()
        act()
        replies = await self.fake.wait_for_chat(self.chat_id, before + messages, timeout=REPLY_WITHIN)
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.last = replies[-1]
        return "\n".join(m["text"] for m in replies[before:])

    async def says(self, text: str, messages: int = 1) -> str:
        return await self._reply(lambda: self.fake.user_says(self.chat_id, text), messages)

    async def taps(self, label: str) -> str:
        markup = self.last.get("reply_markup")
        rows = (json.loads(markup) if isinstance(markup, str) else markup or {}).get("inline_keyboard", [])
        data = next(b["callback_data"] for row in rows for b in row if b["text"].startswith(label))
        return await self._reply(lambda: self.fake.user_taps(self.chat_id, data, self.last.get("message_id")))


async def _commands(me: Officer, first: str) -> None:
    """Every command, the two the deadlock was seen with first (half the chats each)."""
    for command in (first, "/nhachan" if first == "/hosocuatoi" else "/hosocuatoi", "/start", "/hanchot",
                    "/tieuchuan", "/hoso", "/help", "hạn nộp hồ sơ tổng kết là ngày nào?"):
        assert await me.says(command)
    if "nhóm đơn vị nào" in me.last.get("text", ""):
        await me.taps("Quận, huyện")
    await me.says("/chitieu")
    assert "tập thể" in await me.taps("Quận, huyện, thị xã")


async def _nomination(me: Officer, unit: str) -> None:
    """Every wizard step of an individual tổng kết nomination, a question in the middle, the submission."""
    assert "đơn vị nào" in await me.says("/denghi")
    await me.says(unit)
    await me.taps("Khen thưởng tổng kết")
    await me.taps("Đô thị văn minh")
    await me.taps("Cá nhân")
    await me.says("Nguyễn Văn An")
    await me.taps("Nam")
    await me.says("15/3/1980")
    assert "không được lưu" in await me.says("nộp mấy bộ hồ sơ?", messages=2)  # the answer, the step again
    for text in ("Phó Trưởng phòng Văn hóa và Thông tin", "UBND phường Điện Biên"):
        await me.says(text)
    await me.taps("Có")
    await me.says(ACHIEVEMENT)
    await me.says(INITIATIVE)
    while "tiêu chuẩn sau" in me.last["text"]:
        await me.taps("Đạt")
    await me.says("20/7/2024")
    while "Giấy tờ cần có" in me.last["text"]:
        await me.taps("Nộp bản giấy")
    assert "Kiểm tra lại hồ sơ" in me.last["text"]
    assert "Đã nộp" in await me.taps("Nộp hồ sơ")
    assert "đã nộp" in await me.says("/hosocuatoi")


async def _officer(fake: FakeTelegram, n: int) -> float:
    me = Officer(fake, 100 + n)
    await _commands(me, "/nhachan" if n % 2 else "/hosocuatoi")
    await _nomination(me, UNITS[n])
    return me.slowest


async def test_eight_chats_at_once_through_every_command_and_step(telegram: FakeTelegram) -> None:
    slowest = await asyncio.gather(*(_officer(telegram, n) for n in range(len(UNITS))))
    assert max(slowest) < REPLY_WITHIN
    assert not any("gặp sự cố" in m.get("text", "") for m in telegram.sent())
