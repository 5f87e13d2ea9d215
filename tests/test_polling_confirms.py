"""An update is confirmed to Telegram only once handled and committed (bot/polling.py): while its reply is still on
its way, the bot asks for no update past it; a process killed then gets it again after a restart, and applies it
once. On both backends, as a real process for the kill."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from knowledge.answer import Answerer
from storage.database import make_engine
from storage.models import Nomination
from tests.conftest import DURING_PLAN, PLAN_ID, ROOT, make_conversation
from tests.fake_telegram import FakeTelegram, polled_by
from tests.telegram_officer import Officer, to_position

TOKEN = "123456:TEST"


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_an_update_is_confirmed_only_after_it_is_handled(backend, answerer: Answerer,
                                                               sqlite_engine: Engine) -> None:
    async with polled_by(backend, make_conversation(answerer, sqlite_engine, DURING_PLAN)) as fake:
        released = fake.hold("sendMessage", 7)
        fake.user_says(7, "/hoso")
        update_id = fake._updates[-1]["update_id"]
        await fake.wait_until(lambda: fake.to_chat(7), 1, 10, "the reply, held on its way")
        await asyncio.sleep(0.5)  # time for a poller that confirms early to ask for the next updates
        assert all(offset <= update_id for offset in fake.polled_offsets())
        released.set()
        await fake.wait_until(lambda: [o for o in fake.polled_offsets() if o > update_id], 1, 10, "confirmed")


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_more_updates_than_one_batch_holds_are_all_answered(backend, answerer: Answerer,
                                                                   sqlite_engine: Engine) -> None:
    """Telegram (and the fake) hands out at most 100 updates a getUpdates: the others come in the next batches."""
    async with polled_by(backend, make_conversation(answerer, sqlite_engine, DURING_PLAN)) as fake:
        for chat in range(1000, 1150):
            fake.user_says(chat, "/help")
        await fake.wait_until(lambda: list({m["chat_id"] for m in fake.sent()}), 150, 30, "a reply in every chat")
        await fake.wait_true(lambda: len({offset for offset in fake.polled_offsets() if offset}) >= 2,
                             "confirmed in two batches at least")


async def _start(backend: str, base: str, db: Path, cwd: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID,
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base,
           "TELEGRAM_BACKEND": backend, "DATABASE_URL": f"sqlite:///{db}", "BOT_TODAY": DURING_PLAN.isoformat()}
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=cwd, env=env)


@pytest.mark.parametrize("backend", ["aiogram", "ptb"])
async def test_an_update_in_flight_when_the_process_is_killed_is_applied_once_after_restart(
        backend: str, tmp_path: Path) -> None:
    fake = FakeTelegram()
    base = await fake.start()
    db = tmp_path / "bot.db"
    bot = await _start(backend, base, db, tmp_path)
    try:
        me = Officer(fake, 7)
        await fake.wait_for("getUpdates", 1, timeout=30)
        await to_position(me, "Quận Ba Đình", "Nguyễn Văn An")
        released = fake.hold("sendMessage", 7)
        before = len(fake.to_chat(7))
        fake.user_says(7, "Chuyên viên")  # the position: handled, committed, its reply held on its way
        update_id = fake._updates[-1]["update_id"]
        await fake.wait_until(lambda: fake.to_chat(7)[before:], 1, 10, "the reply to the position")
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        released.set()
        assert all(offset <= update_id for offset in fake.polled_offsets())  # never confirmed
        polls = len(fake.polled_offsets())
        bot = await _start(backend, base, db, tmp_path)  # so Telegram gives it to the new process again
        await fake.wait_until(lambda: fake.polled_offsets()[polls:], 2, 60, "the new process polling")
        assert "phạm vi quản lý" in await me.says("UBND phường Điện Biên")  # the step after the workplace
    finally:
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0
        await fake.stop()
    engine = make_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        answers = s.exec(select(Nomination)).one().answers
    engine.dispose()
    assert answers["position"] == "Chuyên viên" and answers["workplace"] == "UBND phường Điện Biên"
