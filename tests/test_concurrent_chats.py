"""Many chats at once, through every command and every wizard step, over the fake Bot API and a real database
(SQLite file and PostgreSQL): no chat waits on another's transaction, so every reply arrives within seconds.

The deadlock this guards against: a lock held while a database call waits (functools.cached_property's class-wide
lock on Python 3.11 around `Turn.user`'s BEGIN IMMEDIATE) against a transaction already open in another chat."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine

from bot.telegram_aiogram import AiogramChannel
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import FakeTelegram, polled_by
from tests.telegram_officer import REPLY_WITHIN, Officer, submit_from_position, to_position

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
    await to_position(me, unit, "Nguyễn Văn An")
    assert "không được lưu" in await me.says("nộp mấy bộ hồ sơ?", messages=2)  # the answer, the step again
    await submit_from_position(me, "Phó Trưởng phòng Văn hóa và Thông tin")
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
