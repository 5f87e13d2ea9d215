"""No personal data in the logs at any level: a whole nomination through each Telegram backend with LOG_LEVEL=DEBUG
(python-telegram-bot's own loggers once wrote nominees' names, birth dates, positions and the users' questions)."""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot.logs import configure
from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from knowledge.answer import Answerer
from tests.chat_driver import ACHIEVEMENT
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import polled_by
from tests.telegram_officer import Officer, submit_from_position, to_position

PERSONAL = ("Đặng Thị Quỳnh", "Dang Thi Quynh", "14/02/1983", "Trưởng phòng Tổ chức cán bộ", "hạn nộp hồ sơ thế nào",
            ACHIEVEMENT[:40])


@pytest.fixture()
def debug_log() -> Iterator[io.StringIO]:
    """The log as `python -m bot` sets it up at LOG_LEVEL=DEBUG; the test's logging restored afterwards."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in logging.root.manager.loggerDict})
    buffer = io.StringIO()
    configure("DEBUG", buffer)
    yield buffer
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_a_whole_nomination_at_debug_logs_no_personal_data(backend, answerer: Answerer, sqlite_engine: Engine,
                                                                 debug_log: io.StringIO) -> None:
    async with polled_by(backend, make_conversation(answerer, sqlite_engine, DURING_PLAN)) as fake:
        me = Officer(fake, 7)
        await to_position(me, "Quận Ba Đình", PERSONAL[0], gender="Nữ", birth=PERSONAL[2])
        await me.says("hạn nộp hồ sơ thế nào?", messages=2)
        await submit_from_position(me, PERSONAL[3])
        await me.says("/xoadulieu")
        assert "Đã xóa" in await me.taps("Có, xóa")
    logged = debug_log.getvalue()
    assert not [p for p in PERSONAL if p.lower() in logged.lower()], logged[-3000:]
    assert "123456:TEST" not in logged  # nor the bot's token, which libraries put in the URLs they log
