"""An update id handled once across processes and restarts (Redis), and again after its handling failed."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis

from bot.coordination.locks import RedisChatLocks
from bot.coordination.seen import RedisSeen
from bot.coordination.turns import Turns
from tests.conftest import REDIS_URL

BOT = "telegram"


@pytest.fixture()
async def processes(redis_prefix: str) -> AsyncIterator[Callable[[], Turns]]:
    """Makes the turns of a new "process": a Redis client of its own, on the test's keys."""
    clients: list[Redis] = []

    def process() -> Turns:
        clients.append(redis := Redis.from_url(REDIS_URL))
        return Turns(RedisChatLocks(redis, redis_prefix), RedisSeen(redis, redis_prefix), BOT)

    yield process
    for client in clients:
        await client.aclose()


async def test_the_same_update_at_two_processes_is_handled_once(processes: Callable[[], Turns]) -> None:
    handled: list[str] = []

    async def handle(name: str) -> str:
        handled.append(name)
        await asyncio.sleep(0.01)  # the other delivery arrives meanwhile: it waits for the chat's turn
        return name

    first, second = processes(), processes()
    results = await asyncio.gather(first.run("7", "1001", lambda: handle("first")),
                                   second.run("7", "1001", lambda: handle("second")))
    assert results.count(None) == 1 and [r for r in results if r] == handled
    restarted = processes()
    assert await restarted.run("7", "1001", lambda: handle("restarted")) is None
    assert len(handled) == 1


async def test_a_failed_update_is_handled_on_its_redelivery(processes: Callable[[], Turns]) -> None:
    async def fail() -> str:
        raise ConnectionError("the reply could not be sent")

    with pytest.raises(ConnectionError):
        await processes().run("7", "2002", fail)

    async def succeed() -> str:
        return "handled"

    assert await processes().run("7", "2002", succeed) == "handled"
    assert await processes().run("7", "2002", succeed) is None


async def test_an_update_without_an_id_is_always_handled(processes: Callable[[], Turns]) -> None:
    async def handle() -> str:
        return "handled"

    turns = processes()
    assert [await turns.run("7", None, handle) for _ in range(2)] == ["handled", "handled"]
