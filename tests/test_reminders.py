"""Deadline reminders and announcements: subscribed in chat, pushed by the scheduler through a real channel and
the fake Bot API, each once, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.coordination.limits import LocalPauses
from bot.rate_limits import ChatLimiters, window_limiter
from bot.scheduler import Limits, Scheduler
from bot.telegram_aiogram import AiogramChannel
from bot.zalo import ZaloChannel
from handlers.conversation import Conversation
from handlers.events import Address
from handlers.reminders import TZ
from knowledge.answer import Answerer
from storage.database import make_engine
from storage.models import Delivery, Subscription
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, start_tong_ket_individual
from tests.conftest import PLAN_ID
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo

ADMIN = "900"


def at(day: str, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TZ)


class Clock:
    """The injectable time of the conversation and the scheduler, moved by the test."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def now(self) -> dt.datetime:
        return self.moment

    def today(self) -> dt.date:
        return self.moment.astimezone(TZ).date()


@pytest.fixture()
def clock() -> Clock:
    return Clock(at("2024-07-01", 10))


@pytest.fixture()
def conversation(answerer: Answerer, engine: Engine, clock: Clock) -> Conversation:
    return Conversation([answerer], lambda: UnitOfWork(engine), clock.today,
                        is_admin=lambda platform, user: (platform, user) == ("telegram", ADMIN), now=clock.now)


@pytest.fixture()
async def telegram(conversation: Conversation) -> AsyncIterator[tuple[FakeTelegram, AiogramChannel]]:
    """The channel the scheduler pushes through (nobody polls: the test plays the users through the core)."""
    fake = FakeTelegram()
    channel = AiogramChannel("123:TEST", await fake.start(), conversation)
    yield fake, channel
    await channel.stop()
    await fake.stop()


def scheduler(engine: Engine, conversation: Conversation, clock: Clock, *pushers, rate: float = 1000.0,
              admins: tuple[Address, ...] = (Address("telegram", ADMIN),)) -> Scheduler:
    limits = {"telegram": Limits(rate, 100.0), "zalo": Limits(rate, 100.0, quota_pause=60.0)}
    return Scheduler(engine, conversation.reminders, {p.platform: p for p in pushers}, limits, list(admins),
                     clock.now)


def subscribe(conversation: Conversation, chat_id: str, platform: str = "telegram",
              unit_class: str = "district") -> Chat:
    chat = Chat(conversation, user=chat_id, platform=platform)
    chat.say("/nhachan")
    chat.press(f"sub:{unit_class}")
    return chat


def spend_zalo_quota(conversation: Conversation, zalo: FakeZalo, clock: Clock, subscribers: int = 3) -> None:
    """Zalo subscribers with reminders due at 8:00 on 01/08/2024, and a spent quota: each send is refused (429)."""
    for i in range(subscribers):
        subscribe(conversation, f"z{i}", platform="zalo")
    for _ in range(subscribers):
        zalo.fail_next("sendMessage", 429)
    clock.moment = at("2024-08-01", 8)


def _deliveries(engine: Engine) -> list[Delivery]:
    with Session(engine) as s:
        return list(s.exec(select(Delivery).order_by(Delivery.id)))


async def test_subscribe_shows_the_reminders_then_one_arrives_once(conversation: Conversation, engine: Engine,
                                                                   clock: Clock, telegram) -> None:
    fake, channel = telegram
    chat = Chat(conversation, user="7", platform="telegram")
    chat.say("/start")
    chat.tap("Nhắc hạn")
    assert "nhóm đơn vị nào" in chat.text
    chat.tap("Quận, huyện")
    assert "Đã bật nhắc hạn" in chat.text and "01/08/2024, 24/08/2024, 30/08/2024, 31/08/2024" in chat.text
    start_tong_ket_individual(chat)  # a draft left open
    sched = scheduler(engine, conversation, clock, channel)
    assert await sched.run_once() == 0  # nothing due yet
    clock.moment = at("2024-08-01", 8, 5)
    assert await sched.run_once() == 1
    (reminder,) = fake.to_chat(7)[-1:]
    assert "Còn 30 ngày" in reminder["text"] and "trước ngày 01/9/2024" in reminder["text"]
    assert "III.4.2" in reminder["text"] and "Anh/chị còn 1 hồ sơ nháp chưa nộp" in reminder["text"]
    assert await sched.run_once() == 0  # the same run again: nothing twice
    restarted = scheduler(engine, conversation, clock, channel)
    assert await restarted.run_once() == 0  # a restart neither
    chat.say("/nhachan")
    assert "đang nhận nhắc hạn" in chat.text
    chat.tap("Tắt nhắc hạn")
    clock.moment = at("2024-08-24", 9)
    assert await restarted.run_once() == 0


async def test_one_batch_tells_each_subscriber_their_own_open_drafts(conversation: Conversation, engine: Engine,
                                                                    clock: Clock, telegram) -> None:
    fake, channel = telegram
    for chat_id in ("11", "12", "13"):
        chat = subscribe(conversation, chat_id)
        if chat_id != "12":
            start_tong_ket_individual(chat)
    clock.moment = at("2024-08-01", 8, 5)
    assert await scheduler(engine, conversation, clock, channel).run_once() == 3  # one batch (of up to 100)
    drafts = {chat: "Anh/chị còn 1 hồ sơ nháp" in fake.to_chat(chat)[-1]["text"] for chat in (11, 12, 13)}
    assert drafts == {11: True, 12: False, 13: True}


async def test_a_chat_limiter_is_dropped_once_drained_never_while_in_use() -> None:
    limiters = ChatLimiters(rate=100.0)
    for chat in range(3000):
        async with limiters(str(chat)):
            pass
    async with limiters("busy"):
        await asyncio.sleep(0.05)  # every other bucket (a period of about 10 ms) has drained meanwhile
        limiters.sweep()
        assert len(limiters) == 1  # a wave to 3,000 chats keeps only the one in flight
    assert len(limiters) == 1  # let go just now: not drained yet


async def test_missed_while_down_is_sent_late_but_never_after_the_deadline(conversation: Conversation,
                                                                           engine: Engine, clock: Clock,
                                                                           telegram) -> None:
    fake, channel = telegram
    subscribe(conversation, "8")
    clock.moment = at("2024-08-27", 15)  # down from 1 August to 27 August: 30- and 7-day reminders missed
    sched = scheduler(engine, conversation, clock, channel)
    assert await sched.run_once() == 1
    assert "Còn 4 ngày" in fake.to_chat(8)[-1]["text"]
    assert [d.key for d in _deliveries(engine)] == [f"r:{PLAN_ID}:ho-so-tong-ket:7"]  # no stale "30 days" beside it
    clock.moment = at("2024-09-01", 9)  # down again over the last day
    assert await sched.run_once() == 0
    assert len(fake.to_chat(8)) == 1


async def test_a_reminder_claimed_when_the_deadline_passes_is_not_sent(conversation: Conversation, engine: Engine,
                                                                       clock: Clock, telegram) -> None:
    fake, channel = telegram
    subscribe(conversation, "9")
    with UnitOfWork(engine) as uow:  # a process claimed the last-day reminder and died before sending it
        uow.ledger.schedule_reminder(PLAN_ID, f"r:{PLAN_ID}:ho-so-tong-ket:0", at("2024-08-31"), ["district"])
        uow.ledger.claim(at("2024-08-31"), 10, "dead", ["telegram"])
        uow.commit()
    clock.moment = at("2024-09-01", 8)
    assert await scheduler(engine, conversation, clock, channel).run_once() == 0
    assert [d.status for d in _deliveries(engine)] == ["expired"] and fake.to_chat(9) == []


async def test_a_crash_between_claim_and_send_resends_only_what_was_in_flight(conversation: Conversation,
                                                                              engine: Engine, clock: Clock,
                                                                              telegram) -> None:
    fake, channel = telegram
    for i in range(10):
        subscribe(conversation, str(100 + i))
    clock.moment = at("2024-08-01", 8)
    with UnitOfWork(engine) as uow:
        for due in conversation.reminders[PLAN_ID].schedule.due(clock.moment):
            uow.ledger.schedule_reminder(PLAN_ID, due.key, due.at, due.deadline.unit_classes)
        in_flight = uow.ledger.claim(clock.moment, 3, "crashed", ["telegram"])
        uow.commit()
    assert len(in_flight) == 3
    sched = scheduler(engine, conversation, clock, channel)
    assert await sched.run_once() == 7  # the 3 claimed by the dead process wait for their lease
    clock.moment += dt.timedelta(minutes=10)
    assert await sched.run_once() == 3
    assert sorted(len(fake.to_chat(100 + i)) for i in range(10)) == [1] * 10


async def test_429_retry_after_is_honoured_and_a_blocked_user_unsubscribed(conversation: Conversation,
                                                                           engine: Engine, clock: Clock,
                                                                           telegram) -> None:
    fake, channel = telegram
    subscribe(conversation, "11")
    subscribe(conversation, "12")
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, chat_id=11)
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=12)
    clock.moment = at("2024-08-01", 8)
    started = time.monotonic()
    assert await scheduler(engine, conversation, clock, channel).run_once() == 1
    assert time.monotonic() - started >= 1.0
    assert len(fake.to_chat(11)) == 2  # the refused call, then the one after retry_after
    with Session(engine) as s:
        subs = {x.chat_id: x.active for x in s.exec(select(Subscription))}
    assert subs == {"11": True, "12": False}
    assert sorted(d.status for d in _deliveries(engine)) == ["blocked", "sent"]


async def test_announcements_are_for_admins_and_reach_every_subscriber(conversation: Conversation,
                                                                       engine: Engine, clock: Clock,
                                                                       telegram) -> None:
    fake, channel = telegram
    for i in range(5):
        subscribe(conversation, str(200 + i), unit_class="city")
    officer = Chat(conversation, user="201", platform="telegram")
    officer.say("/thongbao Họp giao ban lúc 14h")
    assert "chỉ quản trị viên" in officer.text
    admin = Chat(conversation, user=ADMIN, platform="telegram")
    admin.say("/thongbao")
    assert "Cách dùng" in admin.text
    admin.say("/thongbao Họp giao ban <b>thi đua</b> lúc 14h")
    assert "tới 5 người nhận" in admin.text
    assert await scheduler(engine, conversation, clock, channel).run_once() == 5
    assert all(fake.to_chat(200 + i)[-1]["text"] == "Họp giao ban &lt;b&gt;thi đua&lt;/b&gt; lúc 14h"
               for i in range(5))
    report = fake.to_chat(int(ADMIN))[-1]["text"]
    assert "Đã gửi xong thông báo: 5/5 đã gửi" in report


async def test_two_schedulers_on_one_database_send_each_message_once(answerer: Answerer, postgres_url: str,
                                                                     clock: Clock, telegram) -> None:
    fake, channel = telegram
    engines = [make_engine(postgres_url), make_engine(postgres_url)]
    from storage.database import upgrade

    upgrade(engines[0])
    conversations = [Conversation([answerer], lambda e=e: UnitOfWork(e), clock.today,
                                  is_admin=lambda p, u: u == ADMIN, now=clock.now) for e in engines]
    for i in range(60):
        subscribe(conversations[i % 2], str(300 + i))
    Chat(conversations[0], user=ADMIN, platform="telegram").say("/thongbao Thông báo chung")
    clock.moment = at("2024-08-01", 8)
    a, b = (scheduler(e, c, clock, channel, rate=500) for e, c in zip(engines, conversations))
    a.batch = b.batch = 7  # small batches: the two interleave
    sent = await asyncio.gather(a.run_once(), b.run_once())
    assert sum(sent) == 120 and min(sent) > 0  # 60 reminders and 60 announcements, shared between the two
    assert sorted(len(fake.to_chat(300 + i)) for i in range(60)) == [2] * 60
    reports = [m["text"] for m in fake.to_chat(int(ADMIN))]  # each a ledger row: once, whichever scheduler
    assert [r for r in reports if "Đã gửi xong thông báo: 60/60 đã gửi" in r] == reports[-1:]
    assert len(reports) <= 2  # and at most one progress report: the clock stood still, in one window
    for e in engines:
        e.dispose()


async def test_two_schedulers_that_each_hit_the_zalo_quota_warn_the_admins_once(
        conversation: Conversation, engine: Engine, clock: Clock, telegram) -> None:
    """Two processes on one database, each with its own pauses (no Redis): the warning's ledger key alone keeps it
    to one."""
    fake_telegram, telegram_channel = telegram
    zalo = FakeZalo()
    zalo_channel = ZaloChannel("zalo-token", await zalo.start(), conversation)
    try:
        spend_zalo_quota(conversation, zalo, clock, subscribers=1)  # one reminder, one refusal
        first, second = (scheduler(engine, conversation, clock, telegram_channel, zalo_channel) for _ in range(2))
        assert await first.run_once() == 0
        zalo.fail_next("sendMessage", 429)  # the other process is refused too
        assert await second.run_once() == 0
        assert len(zalo.sent()) == 2
        (told,) = fake_telegram.to_chat(int(ADMIN))
        assert "Quota exceeded" in told["text"]
        assert [(d.key.split(":")[:3], d.status) for d in _deliveries(engine) if d.subscription_id is None] == [
            (["s", "quota", "zalo"], "sent")]
    finally:
        await zalo_channel.stop()
        await zalo.stop()


async def test_zalo_quota_pauses_zalo_pushes_keeps_them_pending_and_tells_admins_once(
        conversation: Conversation, engine: Engine, clock: Clock, telegram) -> None:
    fake_telegram, telegram_channel = telegram
    zalo = FakeZalo()
    zalo_channel = ZaloChannel("zalo-token", await zalo.start(), conversation)
    try:
        spend_zalo_quota(conversation, zalo, clock)
        sched = scheduler(engine, conversation, clock, telegram_channel, zalo_channel)
        assert await sched.run_once() == 0
        assert await sched.run_once() == 0  # still paused: not even tried
        told = fake_telegram.to_chat(int(ADMIN))
        assert len(told) == 1 and "Quota exceeded" in told[0]["text"] and "Zalo" in told[0]["text"]
        assert {d.status for d in _deliveries(engine) if d.subscription_id} == {"pending"}
        sched.pauses = LocalPauses()  # the pause is over
        assert await sched.run_once() == 3
        assert {d.status for d in _deliveries(engine)} == {"sent"}  # the reminders, and the warning
    finally:
        await zalo_channel.stop()
        await zalo.stop()


async def test_window_limiter_keeps_every_second_under_the_limit() -> None:
    limiter, stamps = window_limiter(200), []
    started = time.monotonic()
    for _ in range(500):
        async with limiter:
            stamps.append(time.monotonic())
    busiest = max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps)
    assert busiest <= 200 and (time.monotonic() - started) < 500 / 200 * 1.25


async def test_remind_command_sends_what_is_due_once(answerer: Answerer, tmp_path) -> None:
    """`python -m bot remind --now …` as a real process, through the fake Bot API: the demonstration path."""
    import os
    import subprocess
    import sys

    from storage.database import upgrade
    from tests.conftest import ROOT

    fake = FakeTelegram()
    await fake.start()
    url = f"sqlite:///{tmp_path}/bot.db"
    engine = make_engine(url)
    upgrade(engine)
    clock = Clock(at("2024-07-01", 9))
    subscribe(Conversation([answerer], lambda: UnitOfWork(engine), clock.today, now=clock.now), "77")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID,
           "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "123:TEST",
           "TELEGRAM_API_BASE": fake.base, "LOG_LEVEL": "ERROR"}

    def remind(moment: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bot", "remind", "--now", moment], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "Đã gửi 0 tin nhắn" in await asyncio.to_thread(remind, "2024-07-31T08:00")
    assert "Đã gửi 1 tin nhắn" in await asyncio.to_thread(remind, "2024-08-24T08:00")
    assert "Đã gửi 0 tin nhắn" in await asyncio.to_thread(remind, "2024-08-24T09:00")
    (reminder,) = fake.to_chat(77)
    assert "Còn 7 ngày" in reminder["text"]
    engine.dispose()
    await fake.stop()


async def test_erasing_my_data_stops_reminders_and_drops_the_pending_ones(conversation: Conversation,
                                                                         engine: Engine, clock: Clock,
                                                                         telegram) -> None:
    fake, channel = telegram
    chat = subscribe(conversation, "12")
    start_tong_ket_individual(chat)
    clock.moment = at("2024-08-01", 8, 5)
    sched = scheduler(engine, conversation, clock, channel)
    with UnitOfWork(engine) as uow:  # the 30-day reminder is in the ledger, not yet sent
        due = conversation.reminders[PLAN_ID].schedule.due(clock.now())
        for d in due:
            uow.ledger.schedule_reminder(PLAN_ID, d.key, d.at, d.deadline.unit_classes)
        uow.commit()
    assert [d.status for d in _deliveries(engine)] == ["pending"]
    chat.say("/xoadulieu")
    chat.tap("Có, xóa")
    assert "đăng ký nhắc hạn và các tin nhắc chưa gửi" in chat.text and "1 hồ sơ nháp" in chat.text
    assert _deliveries(engine) == []
    with Session(engine) as s:
        assert s.exec(select(Subscription)).all() == []
    assert await sched.run_once() == 0
    clock.moment = at("2024-08-31", 9)
    assert await sched.run_once() == 0 and fake.to_chat(12) == []


def test_subscribing_after_the_last_deadline_says_nothing_is_left_to_remind(conversation: Conversation,
                                                                            clock: Clock) -> None:
    clock.moment = at("2026-11-25", 10)
    chat = subscribe(conversation, "13")
    assert "không còn lần nhắc hạn nào" in chat.text and "danh sách nhận thông báo" in chat.text
    assert "Đã bật nhắc hạn" not in chat.text and "dưới đây" not in chat.text


async def test_a_429_during_a_fan_out_holds_every_push_to_the_platform(conversation: Conversation, engine: Engine,
                                                                      clock: Clock, telegram) -> None:
    fake, channel = telegram
    for n in range(20):
        subscribe(conversation, str(300 + n))
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    clock.moment = at("2024-08-01", 8)
    sched = scheduler(engine, conversation, clock, channel, rate=20.0)  # a send every 50 ms at most
    assert await sched.run_once() == 20
    stamps = [t for (method, _), t in zip(fake.calls, fake.stamps) if method == "sendMessage"]
    refused = stamps[0]  # the first send was the one refused
    during = [t for t in stamps[1:] if refused < t < refused + 1.0]
    # without the hold the other 19 go out within that second; with it, only sends already on their way when the
    # 429 came back (half a second of them, on a slow machine)
    assert len(during) <= 10, len(during)
