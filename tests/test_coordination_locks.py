"""A chat's Redis lock across processes: two OS processes contending for one chat are never inside at once, two
chats do not wait on each other, and an error inside releases the lock."""
from __future__ import annotations

import asyncio
import sys

import pytest
from redis.asyncio import Redis

from bot.coordination.locks import RedisChatLocks
from tests.conftest import REDIS_URL, ROOT

TIMES = 20


async def test_two_processes_on_one_chat_are_never_inside_at_once(redis_prefix: str) -> None:
    names = ("a", "b")
    procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.lock_contender", REDIS_URL,
                                                  redis_prefix, "telegram:bot:7", name, str(TIMES), cwd=ROOT)
             for name in names]
    redis = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        for _ in names:
            assert await redis.blpop([f"{redis_prefix}ready"], timeout=30)
        for name in names:
            await redis.rpush(f"{redis_prefix}go:{name}", 1)
        assert [await asyncio.wait_for(p.wait(), 60) for p in procs] == [0, 0]
        events = await redis.lrange(f"{redis_prefix}events", 0, -1)
    finally:
        await redis.aclose()
    assert len(events) == 2 * TIMES * len(names)
    for enter, leave in zip(events[::2], events[1::2]):  # each entry is followed by the same process's exit
        assert enter.startswith("enter ") and leave == enter.replace("enter", "exit")


async def test_two_chats_do_not_wait_on_each_other(redis_prefix: str) -> None:
    """The first chat's holder waits, inside its lock, for a signal that the second chat's holder sends from inside
    its own: it arrives only if the second got its lock while the first was held."""
    first, second = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    signal = f"{redis_prefix}signal"

    async def hold_first() -> object:
        async with RedisChatLocks(first, redis_prefix).hold("zalo:bot:1"):
            return await first.blpop([signal], timeout=30)

    async def hold_second() -> None:
        async with RedisChatLocks(second, redis_prefix).hold("zalo:bot:2"):
            await second.rpush(signal, 1)

    try:
        got, _ = await asyncio.gather(hold_first(), hold_second())
        assert got is not None
    finally:
        await first.aclose()
        await second.aclose()


async def test_an_error_inside_releases_the_lock(redis_prefix: str) -> None:
    redis, other = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    try:
        with pytest.raises(RuntimeError):
            async with RedisChatLocks(redis, redis_prefix).hold("telegram:bot:9"):
                raise RuntimeError("the update failed")
        assert not await redis.exists(f"{redis_prefix}lock:telegram:bot:9")
        async with RedisChatLocks(other, redis_prefix).hold("telegram:bot:9"):
            pass  # another process gets it at once
    finally:
        await redis.aclose()
        await other.aclose()
