"""An officer in a Telegram chat of the fake Bot API: every action waits for the bot's reply to it, and the steps
of an individual tổng kết nomination that several tests walk through."""
from __future__ import annotations

import inspect
import json
import time
from collections.abc import Awaitable, Callable

from tests.chat_driver import ACHIEVEMENT, INITIATIVE, SIGNER
from tests.fake_telegram import FakeTelegram

REPLY_WITHIN = 8.0  # seconds: SQLite's busy timeout, which a deadlock runs into, is 30


class Officer:
    """One chat; every action waits for the bot's reply to it, at most REPLY_WITHIN seconds."""

    def __init__(self, fake: FakeTelegram, chat_id: int,
                 deliver: Callable[[dict], Awaitable[None]] | None = None) -> None:
        """`deliver`: how the officer's updates reach the bot (POSTed to a webhook); queued for getUpdates unless
        given."""
        self.fake, self.chat_id = fake, chat_id
        self.deliver = deliver or self._queued
        self.slowest = 0.0
        self.last: dict = {}

    async def _queued(self, update: dict) -> None:
        self.fake.deliver(update)

    async def reply_to(self, act: Callable[[], Awaitable[None] | None], messages: int = 1) -> str:
        """The text of the `messages` messages the action is answered with (the last one carries the buttons)."""
        before = len(self.fake.to_chat(self.chat_id))
        started = time.monotonic()
        acted = act()
        if inspect.isawaitable(acted):
            await acted
        replies = await self.fake.wait_for_chat(self.chat_id, before + messages, timeout=REPLY_WITHIN)
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.last = replies[-1]
        return "\n".join(m["text"] for m in replies[before:])

    async def says(self, text: str, messages: int = 1) -> str:
        return await self.reply_to(lambda: self.deliver(self.fake.message_update(self.chat_id, text)), messages)

    async def taps(self, label: str) -> str:
        data = next(d for text, d in self.buttons() if text.startswith(label))
        return await self.reply_to(lambda: self.deliver(self.fake.tap_update(self.chat_id, data,
                                                                             self.last.get("message_id"))))

    def buttons(self) -> list[tuple[str, str]]:
        markup = self.last.get("reply_markup")
        rows = (json.loads(markup) if isinstance(markup, str) else markup or {}).get("inline_keyboard", [])
        return [(b["text"], b["callback_data"]) for row in rows for b in row]

    async def settles_profile(self, text: str) -> str:
        """The unit's profile, asked before its first submission, answered as an officer would (the first signature
        block offered, the signer's name, an abbreviation where the directory has none); the text that follows."""
        for _ in range(8):
            if any(label == "Xác nhận" for label, _ in self.buttons()):
                return await self.taps("Xác nhận")
            if "Ai ký Tờ trình" in text:
                text = await self.taps(self.buttons()[0][0])
            elif "Họ và tên người ký" in text:
                text = await self.says(SIGNER)
            elif "Chữ viết tắt" in text:
                text = await self.says("UBND")
            else:
                break
        return text


async def to_position(me: Officer, unit: str, name: str, gender: str = "Nam", birth: str = "15/3/1980") -> None:
    """From /denghi to the nominee's position, an individual tổng kết nomination in the first movement."""
    await me.says("/denghi")
    if "đơn vị nào" in me.last["text"]:
        await me.says(unit)
    for label in ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân"):
        await me.taps(label)
    await me.says(name)
    await me.taps(gender)
    assert "Chức vụ hiện nay" in await me.says(birth)


async def submit_from_position(me: Officer, position: str, workplace: str = "UBND phường Điện Biên") -> None:
    """From the position to the submission: achievements, every criterion met, every paper on paper."""
    assert "Đã nộp" in await press_submit_from_position(me, position, workplace)


async def press_submit_from_position(me: Officer, position: str, workplace: str = "UBND phường Điện Biên") -> str:
    """From the position to pressing "Nộp hồ sơ", the unit's profile settled if asked: what the bot says last."""
    for text in (position, workplace):
        await me.says(text)
    await me.taps("Có")
    for text in (ACHIEVEMENT, INITIATIVE):
        await me.says(text)
    while "tiêu chuẩn sau" in me.last["text"]:
        await me.taps("Đạt")
    await me.says("20/7/2024")
    while "Giấy tờ cần có" in me.last["text"]:
        await me.taps("Nộp bản giấy")
    assert "Kiểm tra lại hồ sơ" in me.last["text"]
    return await me.settles_profile(await me.taps("Nộp hồ sơ"))
