"""A whole nomination through each Telegram backend and the fake Bot API: buttons, a file, the receiver told."""
from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Callable

import pytest
from docx import Document as DocxDocument
from sqlalchemy import Engine

from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from handlers.events import Address
from knowledge.answer import Answerer
from tests.chat_driver import ACHIEVEMENT, INITIATIVE
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import FakeTelegram, polled_by

TOKEN = "123456:TEST"
OFFICER, RECEIVER = 7, 555


@pytest.fixture(params=[AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def telegram(request: pytest.FixtureRequest, answerer: Answerer,
                   sqlite_engine: Engine) -> AsyncIterator[FakeTelegram]:
    conversation = make_conversation(answerer, sqlite_engine, DURING_PLAN,
                                     lambda body: [Address("telegram", str(RECEIVER))])
    async with polled_by(request.param, conversation, TOKEN, engine=sqlite_engine) as fake:
        yield fake


class Officer:
    """One user of the fake: each action waits for the bot's answer to it."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake

    async def _reply(self, act: Callable[[], None]) -> dict:
        before = len(self.fake.to_chat(OFFICER))
        act()
        return (await self.fake.wait_for_chat(OFFICER, before + 1))[-1]

    async def says(self, text: str) -> dict:
        return await self._reply(lambda: self.fake.user_says(OFFICER, text))

    async def sends(self, kind: str, file_id: str, name: str | None = None) -> dict:
        return await self._reply(lambda: self.fake.user_sends_file(OFFICER, kind, file_id, name))

    async def taps(self, last: dict, label: str) -> dict:
        data = next(d for text, d in _buttons(last) if text.startswith(label))
        return await self._reply(lambda: self.fake.user_taps(OFFICER, data, message_id=last.get("message_id")))


async def _documents(fake: FakeTelegram, count: int, timeout: float = 10.0) -> list[tuple[int, str, bytes]]:
    deadline = asyncio.get_running_loop().time() + timeout
    while len(fake.documents) < count and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    return fake.documents


def _buttons(message: dict) -> list[tuple[str, str]]:
    markup = message.get("reply_markup")
    rows = (json.loads(markup) if isinstance(markup, str) else markup or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_a_collective_nomination_with_a_file_through_telegram(telegram: FakeTelegram) -> None:
    me = Officer(telegram)
    menu = await me.says("/start")
    asked = await me.taps(menu, "Lập hồ sơ đề nghị")
    assert "đơn vị nào" in asked["text"] and _buttons(asked)[0][0] == "Khác"
    m = await me.says("Sở Y tế")
    m = await me.taps(m, "Khen thưởng tổng kết")
    assert "còn 1/1 tập thể" in m["text"]
    m = await me.taps(m, "Vì người nghèo")
    m = await me.taps(m, "Tập thể")
    assert "Nghị định 13/2023/NĐ-CP" in m["text"]
    for text in ("Phòng Công tác xã hội <Bệnh viện> & Co", "Bệnh viện Đa khoa Đức Giang", "Trần Thị Bình", "30"):
        m = await me.says(text)
    m = await me.taps(m, "Có")
    m = await me.says(ACHIEVEMENT)
    m = await me.says(INITIATIVE)
    while "tiêu chuẩn sau" in m["text"]:
        m = await me.taps(m, "Đạt")
    m = await me.says("20/7/2024")
    m = await me.sends("document", "doc-1", "bao-cao-thanh-tich.pdf")
    m = await me.sends("photo", "photo-1")
    review = m["text"]
    assert "Phòng Công tác xã hội &lt;Bệnh viện&gt; &amp; Co" in review  # the user's text is escaped
    assert "đã gửi tệp bao-cao-thanh-tich.pdf" in review and "Sở Lao động - Thương binh và Xã hội" in review
    m = await me.taps(m, "Nộp hồ sơ")
    assert "hồ sơ đầu tiên của Sở Y tế" in m["text"] and "Chữ viết tắt" in m["text"]
    m = await me.says("SYT")
    assert "Ai ký Tờ trình" in m["text"] and [t for t, _ in _buttons(m)] == ["GIÁM ĐỐC", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"]
    m = await me.taps(m, "KT. GIÁM ĐỐC")
    m = await me.says("Lê Văn Ký")
    assert "Cơ quan cấp trên: Ủy ban nhân dân thành phố Hà Nội" in m["text"]
    done = await me.taps(m, "Xác nhận")
    assert "Đã lưu thông tin đơn vị" in done["text"] and "Đã nộp" in done["text"]
    files = await _documents(telegram, 4)  # the unit's Tờ trình, Biên bản, Danh sách, and this nominee's report
    names = sorted(name for _, name, _ in files)
    assert any("to-trinh" in n for n in names) and any("bao-cao" in n for n in names), names
    report = next(data for _, name, data in files if "bao-cao" in name)
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(report)).paragraphs)
    assert "Phòng Công tác xã hội <Bệnh viện> & Co" in text  # literal in Word, escaped only for Telegram
    (told,) = await telegram.wait_for_chat(RECEIVER, 1)
    assert "Có hồ sơ đề nghị khen thưởng mới" in told["text"] and "Sở Y tế" in told["text"]
