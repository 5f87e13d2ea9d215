"""Push rates and the Zalo quota pause shared by processes through Redis: two processes pushing through the fake
Bot API together keep every one-second window (on the fake's clock) under the platform's and each chat's limit;
a pause one process starts, the other honours."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis
from sqlalchemy import Engine

from bot.coordination.limits import RedisGates, RedisPauses
from bot.push import push
from bot.scheduler import Limits, Scheduler
from bot.telegram_aiogram import AiogramChannel
from bot.zalo import ZaloChannel
from handlers.conversation import Conversation
from handlers.events import Address
from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork
from tests.conftest import REDIS_URL
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo
from tests.test_reminders import ADMIN, Clock, _deliveries, at, spend_zalo_quota, subscribe

RATE, PER_CHAT = 20.0, 2.0
CHATS, EACH = 10, 2  # messages each process pushes to each chat


@pytest.fixture()
async def clients() -> AsyncIterator[Callable[[], Redis]]:
    """Makes a new "process"'s Redis client."""
    made: list[Redis] = []

    def client() -> Redis:
        made.append(redis := Redis.from_url(REDIS_URL))
        return redis

    yield client
    for redis in made:
        await redis.aclose()


def busiest(stamps: list[float]) -> int:
    return max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps)


async def test_two_processes_together_keep_every_second_under_the_limits(redis_prefix: str, clients,
                                                                         answerer: Answerer,
                                                                         sqlite_engine: Engine) -> None:
    fake = FakeTelegram()
    base = await fake.start()
    conversation = Conversation([answerer], lambda: UnitOfWork(sqlite_engine), lambda: at("2024-07-01").date())
    channels = [AiogramChannel("123:TEST", base, conversation) for _ in range(2)]
    gates = [RedisGates(clients(), redis_prefix).gate("telegram", RATE, PER_CHAT) for _ in channels]

    async def pushed(channel: AiogramChannel, gate, chat: int) -> None:
        async with gate.slot(str(chat)):
            await push(channel, str(chat), "Nhắc hạn")

    try:
        await asyncio.gather(*(pushed(channel, gate, 100 + chat) for channel, gate in zip(channels, gates)
                               for chat in range(CHATS) for _ in range(EACH)))
    finally:
        for channel in channels:
            await channel.stop()
        await fake.stop()
    stamps = [t for (method, _), t in zip(fake.calls, fake.stamps) if method == "sendMessage"]
    assert len(stamps) == 2 * CHATS * EACH and busiest(stamps) <= RATE
    for chat in range(CHATS):
        to_chat = [t for (method, data), t in zip(fake.calls, fake.stamps)
                   if method == "sendMessage" and int(data["chat_id"]) == 100 + chat]
        assert len(to_chat) == 2 * EACH and busiest(to_chat) <= PER_CHAT


async def test_a_zalo_quota_pause_one_process_starts_the_other_honours(redis_prefix: str, clients,
                                                                       answerer: Answerer,
                                                                       sqlite_engine: Engine) -> None:
    clock = Clock(at("2024-07-01", 10))
    conversation = Conversation([answerer], lambda: UnitOfWork(sqlite_engine), clock.today, now=clock.now)
    telegram, zalo = FakeTelegram(), FakeZalo()
    telegram_channel = AiogramChannel("123:TEST", await telegram.start(), conversation)
    zalo_channel = ZaloChannel("zalo-token", await zalo.start(), conversation)
    pushers = {"telegram": telegram_channel, "zalo": zalo_channel}
    limits = {"telegram": Limits(1000.0, 100.0), "zalo": Limits(1000.0, 100.0, quota_pause=600.0)}

    def process() -> Scheduler:
        redis = clients()
        return Scheduler(sqlite_engine, conversation.reminders, pushers, limits, [Address("telegram", ADMIN)],
                         clock.now, gates=RedisGates(redis, redis_prefix), pauses=RedisPauses(redis, redis_prefix))

    try:
        spend_zalo_quota(conversation, zalo, clock)
        first, second = process(), process()
        assert await first.run_once() == 0
        assert len(zalo.sent()) == 3  # each refused
        assert await second.run_once() == 0
        assert len(zalo.sent()) == 3  # the other process did not even try
        assert len(telegram.to_chat(int(ADMIN))) == 1  # the admins were told once
        assert {d.status for d in _deliveries(sqlite_engine) if d.subscription_id} == {"pending"}
        assert await RedisPauses(clients(), redis_prefix).left("quota:zalo") > 500
    finally:
        await zalo_channel.stop()
        await telegram_channel.stop()
        await zalo.stop()
        await telegram.stop()


async def test_unreachable_limits_leave_the_rows_pending(answerer: Answerer, sqlite_engine: Engine) -> None:
    """Redis down: no push is attempted, every row goes back to pending for the next run, and the run ends."""
    clock = Clock(at("2024-07-01", 10))
    conversation = Conversation([answerer], lambda: UnitOfWork(sqlite_engine), clock.today, now=clock.now)
    fake = FakeTelegram()
    channel = AiogramChannel("123:TEST", await fake.start(), conversation)
    nowhere = Redis.from_url("redis://127.0.0.1:1")  # nothing listens there
    try:
        for i in range(3):
            subscribe(conversation, str(400 + i))
        clock.moment = at("2024-08-01", 8)
        scheduler = Scheduler(sqlite_engine, conversation.reminders, {"telegram": channel},
                              {"telegram": Limits(1000.0, 100.0)}, [], clock.now, gates=RedisGates(nowhere, "x:"))
        assert await scheduler.run_once() == 0
        assert fake.sent() == [] and {d.status for d in _deliveries(sqlite_engine)} == {"pending"}
    finally:
        await nowhere.aclose()
        await channel.stop()
        await fake.stop()
