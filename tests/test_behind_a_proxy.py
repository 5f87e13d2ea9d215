"""Three `python -m bot run` processes behind one round-robin address, on one PostgreSQL and one Redis, in webhook
mode, as compose.yaml deploys them. Many chats at once, questions and nomination steps landing on every process in
turn; midway one process is taken out of the rotation, killed with SIGKILL and started again while the others go on;
each chat's last update waits for it to be back. Every update is answered
once, each chat's replies come in its order, and no wizard answer is lost."""
from __future__ import annotations

import asyncio
import signal
import uuid
from pathlib import Path

import aiohttp
from redis.asyncio import Redis

from bot.bootstrap import redis_scope
from bot.config import Settings
from bot.coordination.shared import PREFIX
from bot.serve import TELEGRAM_SECRET_HEADER
from tests.bot_process import free_port, started_bot, stopped_bot
from tests.conftest import REDIS_URL
from tests.fake_telegram import FakeTelegram, buttons
from tests.round_robin import RoundRobin

SECRET = "bi-mat-webhook-456"
QUESTIONS = [("/hoso", "01 bộ (bản chính)"), ("mỗi quận được đề nghị tối đa mấy cá nhân", "03 cá nhân"),
             ("thời gian thi đua từ tháng nào đến tháng nào", "10/2024")]
WIZARD = [("say", "/denghi"), ("say", "Quận Ba Đình"), ("tap", "Khen thưởng tổng kết"), ("tap", "Đô thị văn minh"),
          ("tap", "Cá nhân"), ("say", "Nguyễn Văn An"), ("tap", "Nam"), ("say", "15/3/1980")]
QUESTION_CHATS, WIZARD_CHATS, KILLED = 150, 30, 1


class Telegram:
    """The sender: each update POSTed to the one address until it is answered 200, as Telegram redelivers; one
    chat's next update only after the last is answered."""

    def __init__(self, fake: FakeTelegram, url: str, http: aiohttp.ClientSession) -> None:
        self.fake, self.url, self.http = fake, url, http
        self.delivered = 0
        self.midway = asyncio.Event()
        self.restored = asyncio.Event()  # every chat's last update waits for it: the restarted process serves too

    async def deliver(self, update: dict) -> None:
        for _ in range(2400):  # two minutes: a give-up limit for a loaded machine, not a timing check
            async with self.http.post(self.url, json=update, headers={TELEGRAM_SECRET_HEADER: SECRET}) as response:
                if response.status == 200:
                    self.delivered += 1
                    if self.delivered >= (QUESTION_CHATS * len(QUESTIONS) + WIZARD_CHATS * len(WIZARD)) // 3:
                        self.midway.set()
                    return
            await asyncio.sleep(0.05)
        raise AssertionError(f"update {update['update_id']} never answered")

    async def act(self, chat: int, how: str, what: str, last: bool = False) -> None:
        if last:
            await self.restored.wait()
        if how == "say":
            await self.deliver(self.fake.message_update(chat, what))
            return
        last = self.fake.to_chat(chat)[-1]
        data = next((d for label, d in buttons(last) if label.startswith(what)), None)
        assert data, f"chat {chat}: no button {what!r} in {last['text']!r}"
        await self.deliver(self.fake.tap_update(chat, data, last.get("message_id")))


async def _kill_and_restart(telegram: Telegram, balancer: RoundRobin, procs: list, port: int, env: dict,
                            cwd: Path, served_before_kill: list[int]) -> None:
    await telegram.midway.wait()
    await balancer.drain(KILLED)  # out of the rotation first, as a rolling restart does; then killed outright
    served_before_kill.append(balancer.served[KILLED])
    procs[KILLED].send_signal(signal.SIGKILL)
    assert await procs[KILLED].wait() == -signal.SIGKILL
    procs[KILLED] = await started_bot(port, env, cwd)
    balancer.restore(KILLED)
    telegram.restored.set()


async def test_three_processes_behind_one_address_survive_a_killed_one(tmp_path: Path, postgres_url: str,
                                                                       redis_prefix: str) -> None:
    token = f"{uuid.uuid4().int % 10**9}:TEST"
    scope = f"{PREFIX}:{redis_scope(Settings(_env_file=None, telegram_bot_token=token))}:"  # type: ignore[call-arg]
    fake = FakeTelegram()
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE": await fake.start(), "BOT_TODAY": "2024-06-03",
           "WEBHOOK_URL": "https://bot.example.vn/telegram", "WEBHOOK_SECRET": SECRET, "DATABASE_URL": postgres_url,
           "REDIS_URL": REDIS_URL}
    ports = [free_port() for _ in range(3)]
    procs = [await started_bot(port, env, tmp_path) for port in ports]
    balancer = RoundRobin(ports)
    redis = Redis.from_url(REDIS_URL)
    try:
        url = f"{await balancer.start()}/telegram"
        async with aiohttp.ClientSession() as http:
            telegram = Telegram(fake, url, http)

            async def asks(chat: int) -> None:
                for i, (text, _) in enumerate(QUESTIONS):
                    await telegram.act(chat, "say", text, last=i == len(QUESTIONS) - 1)

            async def nominates(chat: int) -> None:
                for i, (how, what) in enumerate(WIZARD):
                    await telegram.act(chat, how, what, last=i == len(WIZARD) - 1)

            question_chats = range(1000, 1000 + QUESTION_CHATS)
            wizard_chats = range(5000, 5000 + WIZARD_CHATS)
            served_before_kill: list[int] = []
            await asyncio.gather(*(asks(c) for c in question_chats), *(nominates(c) for c in wizard_chats),
                                 _kill_and_restart(telegram, balancer, procs, ports[KILLED], env, tmp_path,
                                                   served_before_kill))
        for chat in question_chats:  # answered once each, in the chat's order
            replies = [m["text"] for m in fake.to_chat(chat)]
            assert len(replies) == len(QUESTIONS), (chat, replies)
            assert all(said in reply for (_, said), reply in zip(QUESTIONS, replies)), (chat, replies)
        for chat in wizard_chats:  # every step taken: the last answer saved, the next step asked
            assert "chức vụ" in fake.to_chat(chat)[-1]["text"].lower(), fake.to_chat(chat)[-1]["text"]
        assert balancer.served[KILLED] > served_before_kill[0] > 0  # served before the kill, and again after
    finally:
        codes = [await stopped_bot(p) for p in procs]
        await balancer.stop()
        keys = [k async for k in redis.scan_iter(f"{scope}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
        await fake.stop()
    assert codes == [0, 0, 0]
