"""The Telegram conversations on Zalo, through real HTTP against the fake Zalo Bot Platform: a whole nomination
typed where Telegram taps (a number, once a label), then a deadline reminder the scheduler pushes to a subscriber."""
from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from sqlalchemy import Engine

from handlers.conversation import Conversation
from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import ACHIEVEMENT, INITIATIVE
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_zalo import TEXT_LIMIT, FakeZalo
from tests.test_reminders import Clock, at, scheduler
from tests.test_zalo_contract import polling

CHOICE = re.compile(r"^  (\d+)\. (.+)$", re.MULTILINE)  # a choice as bot/console.py's `render` numbers it
FILE_NOTICE = "Zalo chưa cho phép trợ lý gửi tệp"  # handlers/templates/files/no_link.j2


def choices(message_text: str) -> dict[str, str]:
    """The numbered choices of a message: label → number."""
    return {label: number for number, label in CHOICE.findall(message_text)}


def number_of(message_text: str, label_prefix: str) -> str:
    """The number the user types to pick the choice whose label starts with `label_prefix`."""
    for label, number in choices(message_text).items():
        if label.startswith(label_prefix):
            return number
    raise AssertionError(f"no choice {label_prefix!r} in:\n{message_text}")


def to_chat(fake: FakeZalo, chat_id: str) -> list[str]:
    return [m["text"] for m in fake.sent() if m["chat_id"] == chat_id]


class ZaloUser:
    """One user of the fake: each message waits for the bot's next message(s) to the chat."""

    def __init__(self, fake: FakeZalo, chat_id: str, deliver: Callable[[dict], Awaitable[None]] | None = None) -> None:
        """`deliver`: how the user's updates reach the bot (POSTed to a webhook); queued for getUpdates unless
        given."""
        self.fake, self.chat_id = fake, chat_id
        self.deliver = deliver or self._queued

    async def _queued(self, update: dict) -> None:
        self.fake.deliver(update)

    async def says(self, text: str, replies: int = 1, timeout: float = 10.0) -> str:
        """The last of the `replies` messages the bot sends after `text`."""
        loop = asyncio.get_running_loop()
        before = len(to_chat(self.fake, self.chat_id))
        await self.deliver(self.fake.update(self.chat_id, "text", text))
        deadline = loop.time() + timeout
        while len(to_chat(self.fake, self.chat_id)) < before + replies:
            assert loop.time() < deadline, f"no reply to {text!r}; sent so far: {to_chat(self.fake, self.chat_id)}"
            await asyncio.sleep(0.01)
        return to_chat(self.fake, self.chat_id)[before + replies - 1]

    async def picks(self, last: str, label_prefix: str, replies: int = 1) -> str:
        return await self.says(number_of(last, label_prefix), replies)


async def nominate(me: ZaloUser) -> tuple[str, list[str]]:
    """A whole individual tổng kết nomination typed on Zalo, from /denghi to the unit profile's "Xác nhận": the
    confirmation, and the messages that give the four documents (Tờ trình, Biên bản, Danh sách, the report)."""
    m = await me.says("/denghi")
    assert "đơn vị nào" in m and number_of(m, "Khác") == "1"
    m = await me.says("Quận Hoàn Kiếm")
    m = await me.picks(m, "Khen thưởng tổng kết")
    assert "Thành tích thuộc phong trào" in m and "trước ngày 01/9/2024" in m
    m = await me.picks(m, "Đô thị văn minh")
    m = await me.says("Cá nhân")  # the label typed instead of its number
    assert "Họ và tên đầy đủ" in m
    m = await me.says("Nguyễn Văn An")
    assert "Giới tính?" in m
    m = await me.picks(m, "Nam")
    for text in ("15/3/1980", "Phó Trưởng phòng Văn hóa và Thông tin", "UBND phường Hàng Trống"):
        m = await me.says(text)
    assert "phạm vi quản lý" in m
    m = await me.picks(m, "Có")
    m = await me.says(ACHIEVEMENT)
    m = await me.says(INITIATIVE)
    assert "tiêu chuẩn sau" in m
    while "tiêu chuẩn sau" in m:
        m = await me.picks(m, "Đạt")
    assert "Ngày họp Hội đồng" in m
    m = await me.says("20/7/2024")
    assert "Giấy tờ cần có" in m
    while "Giấy tờ cần có" in m:
        m = await me.picks(m, "Không có" if "Không có" in choices(m) else "Nộp bản giấy")
    assert "Kiểm tra lại hồ sơ" in m and "Nguyễn Văn An" in m
    assert "Nơi nhận hồ sơ: Sở Xây dựng" in m  # the lead agency of the movement chosen
    m = await me.picks(m, "Nộp hồ sơ")
    assert "hồ sơ đầu tiên của Quận Hoàn Kiếm" in m and "Ai ký Tờ trình" in m  # its name, place: the directory's
    m = await me.picks(m, "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH")
    m = await me.says("Đỗ Văn Ký")
    assert "Cơ quan ban hành: Ủy ban nhân dân quận Hoàn Kiếm" in m and "Địa danh: Hoàn Kiếm" in m
    await me.picks(m, "Xác nhận", replies=5)  # "Đã nộp", then Tờ trình, Biên bản, Danh sách and the report
    done, *documents = to_chat(me.fake, me.chat_id)[-5:]
    assert "Đã nộp" in done and "Nguyễn Văn An" in done
    for document, kind in zip(documents, ("-to-trinh", "“quan-hoan-kiem-bien-ban-hop-", "-danh-sach", "-bao-cao")):
        assert kind in document and ".docx”" in document, document
    return done, documents


async def test_a_whole_nomination_typed_on_zalo(answerer: Answerer, sqlite_engine: Engine) -> None:
    """Without PUBLIC_URL each document is announced, with how to get it: no dead end."""
    async with polling(make_conversation(answerer, sqlite_engine, DURING_PLAN)) as (fake, _):
        _, documents = await nominate(ZaloUser(fake, "9f3a0c1d2e4b5a6c7d8e"))
        for document in documents:
            assert FILE_NOTICE in document and "Ban Thi đua" in document and "/hosocuatoi" in document, document
        called = {method for method, _ in fake.calls}
        assert called <= {"getMe", "deleteWebhook", "getUpdates", "sendMessage", "sendChatAction"}, called  # no file
        assert all(set(s) == {"chat_id", "text"} and len(s["text"]) <= TEXT_LIMIT for s in fake.sent())


async def test_a_deadline_reminder_reaches_a_zalo_subscriber_once(answerer: Answerer, sqlite_engine: Engine) -> None:
    clock = Clock(at("2024-07-01", 10))
    conversation = Conversation([answerer], lambda: UnitOfWork(sqlite_engine), clock.today, now=clock.now)
    async with polling(conversation) as (fake, channel):
        me = ZaloUser(fake, "5b7c9d1e3f2a4b6c8d0e")
        m = await me.says("/nhachan")
        assert "nhóm đơn vị nào" in m
        m = await me.picks(m, "Quận, huyện")
        assert "Đã bật nhắc hạn" in m
        subscribed = len(to_chat(fake, me.chat_id))
        sched = scheduler(sqlite_engine, conversation, clock, channel)
        assert await sched.run_once() == 0  # a month early: nothing due
        clock.moment = at("2024-08-01", 8, 5)
        assert await sched.run_once() == 1
        (reminder,) = to_chat(fake, me.chat_id)[subscribed:]
        assert "Còn 30 ngày" in reminder and "trước ngày 01/9/2024" in reminder
        assert await sched.run_once() == 0
        assert len(to_chat(fake, me.chat_id)) == subscribed + 1
        assert all(len(s["text"]) <= TEXT_LIMIT for s in fake.sent())
