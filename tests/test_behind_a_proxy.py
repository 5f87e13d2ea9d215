"""Three `python -m bot run` processes behind one round-robin address, on one PostgreSQL and one Redis, in webhook
mode, as compose.yaml deploys them. Many chats at once, questions and nomination steps landing on every process in
turn; midway one process is taken out of the rotation, killed with SIGKILL and started again while the others go on;
each chat's last update waits for it to be back. Every update is answered once, each chat's replies come in its
order, and no wizard answer is lost. Then every nominating chat presses "Nộp hồ sơ" for the same district at once:
the district's quota holds across the processes, and the notices of the submissions, pushed to one admin by
whichever process took them, keep to the platform's limit for a chat in every one-second window.

The same processes serve Zalo by webhook through the same address, and ADMIN_IDS names a Zalo admin. Then a Telegram
officer's submission is told to the Zalo admin, once; a Zalo officer's documents come as signed links that the
processes serve through the address (403 to a forged link or another's); and a notice that a turn committed but whose
process died before sending it is sent, once, by the processes started after."""
from __future__ import annotations

import asyncio
import datetime as dt
import re
import signal
import uuid
from pathlib import Path
from urllib.parse import unquote

import aiohttp
from redis.asyncio import Redis
from sqlmodel import Session, col, func, select

from bot.bootstrap import redis_scope
from bot.config import Settings
from bot.coordination.shared import PREFIX
from bot.serve import TELEGRAM_SECRET_HEADER, ZALO_SECRET_HEADER
from bot.signed_links import LinkSigner
from handlers.events import Address, Incoming, Reply
from handlers.notices import post
from handlers.texts import Texts
from knowledge.dates import TIMEZONE
from storage.models import Nomination, Status, Unit
from storage.unit_of_work import UnitOfWork
from tests.bot_process import free_port, started_bot, stopped_bot
from tests.conftest import DURING_PLAN, REDIS_URL, _migrated
from tests.fake_telegram import FakeTelegram, buttons
from tests.fake_zalo import FakeZalo
from tests.test_coordination_limits import busiest
from tests.round_robin import RoundRobin
from tests.telegram_officer import Officer, press_submit_from_position, submit_from_position, to_position
from tests.test_file_links import DOCX, spoiled
from tests.test_zalo_wizard import ZaloUser, nominate

SECRET = "bi-mat-webhook-456"
WIZARD_UNIT, WIZARD_UNIT_QUOTA = "Quận Ba Đình", 3  # individuals a district may propose for tổng kết
QUESTIONS = [("/hoso", "01 bộ (bản chính)"), ("mỗi quận được đề nghị tối đa mấy cá nhân", "03 cá nhân"),
             ("thời gian thi đua từ tháng nào đến tháng nào", "10/2024")]
WIZARD = [("say", "/denghi"), ("say", WIZARD_UNIT), ("tap", "Khen thưởng tổng kết"), ("tap", "Đô thị văn minh"),
          ("tap", "Cá nhân"), ("say", "Nguyễn Văn An"), ("tap", "Nam"), ("say", "15/3/1980")]
QUESTION_CHATS, WIZARD_CHATS, KILLED = 160, 40, 1
ZALO_SECRET, LINK_SECRET = "bi-mat-zalo-789", "k" * 32
ZALO_ADMIN, ZALO_OFFICER, TELEGRAM_OFFICER, NOMINEE = "quan-tri-zalo", "can-bo-zalo-01", 9000, "Phạm Minh Khôi"
QUOTA_REFUSED, SUBMITTED = "Không thể đề nghị thêm", "Đã nộp"
CHAT_LIMIT, CHAT_PUSH_RATE = 1, 0.8  # pushes a second to one chat: the platform's limit, and the rate the bot is
# told; it keeps to its rate at Redis's clock, and the rest is room for the jitter between Redis and the fake server
LEFT_PENDING = "Thông báo của một lượt đã ghi xong nhưng chưa kịp gửi."
LINK = re.compile(r"http://\S+/tai-lieu\?t=\S+")


async def answered(http: aiohttp.ClientSession, url: str, update: dict, headers: dict[str, str]) -> None:
    """POSTs the update until it is answered 200, as the platforms redeliver."""
    for _ in range(2400):  # two minutes: a give-up limit for a loaded machine, not a timing check
        async with http.post(url, json=update, headers=headers) as response:
            if response.status == 200:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("an update was never answered")


class Telegram:
    """The sender: each update POSTed to the one address until it is answered 200, as Telegram redelivers; one
    chat's next update only after the last is answered."""

    def __init__(self, fake: FakeTelegram, url: str, http: aiohttp.ClientSession) -> None:
        self.fake, self.url, self.http = fake, url, http
        self.delivered = 0
        self.midway = asyncio.Event()
        self.restored = asyncio.Event()  # every chat's last update waits for it: the restarted process serves too

    async def deliver(self, update: dict) -> None:
        await answered(self.http, self.url, update, {TELEGRAM_SECRET_HEADER: SECRET})
        self.delivered += 1
        if self.delivered >= (QUESTION_CHATS * len(QUESTIONS) + WIZARD_CHATS * len(WIZARD)) // 3:
            self.midway.set()

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


def _left_by_a_crashed_turn(database_url: str) -> None:
    """What a turn commits with its change, a notice to the Zalo admin, its process killed before sending it."""
    engine = _migrated(database_url)
    with UnitOfWork(engine) as uow:
        event = Incoming("telegram", "8999", "8999", text="/xacnhan", update_id="1")
        now = dt.datetime.combine(DURING_PLAN, dt.datetime.now(TIMEZONE).time(), TIMEZONE)  # the processes' clock
        post(uow, event, [Reply(LEFT_PENDING, to=Address("zalo", ZALO_ADMIN))], now - dt.timedelta(minutes=1),
             Texts({}))
        uow.commit()
    engine.dispose()


async def _a_telegram_submission(telegram: Telegram) -> None:
    officer = Officer(telegram.fake, TELEGRAM_OFFICER, telegram.deliver)
    await to_position(officer, "Quận Đống Đa", NOMINEE)
    await submit_from_position(officer, "Chuyên viên")


async def _zalo_documents_by_links(zalo: FakeZalo, root: str, http: aiohttp.ClientSession) -> None:
    """A Zalo officer's nomination through the address; each document's link, opened through it, gives the file;
    a spoiled link, or one signed for another user, is refused."""
    me = ZaloUser(zalo, ZALO_OFFICER, lambda update: answered(http, f"{root}/zalo", update,
                                                              {ZALO_SECRET_HEADER: ZALO_SECRET}))
    _, documents = await nominate(me)
    urls = [LINK.findall(d)[0] for d in documents]
    for url in urls:
        async with http.get(url) as response:
            assert response.status == 200 and response.headers["Content-Type"] == DOCX
            assert (await response.read())[:2] == b"PK"  # a Word file
    signer = LinkSigner(LINK_SECRET.encode(), root)
    grant = signer.check(unquote(urls[0].split("?t=")[1]), "file")
    for refused in (spoiled(urls[0]), signer.url("/tai-lieu", "file", "zalo:nguoi-khac", grant.resource)):
        async with http.get(refused) as response:
            assert response.status == 403, refused


def _submitted_by(database_url: str, unit: str) -> int:
    """The unit's nominations recorded as submitted, whatever the processes told the chats."""
    engine = _migrated(database_url)
    with Session(engine) as session:
        query = select(func.count()).select_from(Nomination).join(Unit, col(Nomination.unit_id) == col(Unit.id))
        submitted = session.exec(query.where(Unit.name == unit, Nomination.status == Status.SUBMITTED.value)).one()
    engine.dispose()
    return submitted


def _told(zalo: FakeZalo, what: str) -> list[str]:
    return [m["text"] for m in zalo.sent() if m["chat_id"] == ZALO_ADMIN and what in m["text"]]


async def test_three_processes_behind_one_address_survive_a_killed_one(tmp_path: Path, postgres_url: str,
                                                                       redis_prefix: str) -> None:
    token, zalo_token = f"{uuid.uuid4().int % 10**9}:TEST", f"zalo-{uuid.uuid4().hex}"
    tokens = Settings(_env_file=None, telegram_bot_token=token, zalo_bot_token=zalo_token)  # type: ignore[call-arg]
    scope = f"{PREFIX}:{redis_scope(tokens)}:"
    fake, zalo = FakeTelegram(), FakeZalo()
    ports = [free_port() for _ in range(3)]
    balancer = RoundRobin(ports)
    root = await balancer.start()
    env = {"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE": await fake.start(), "BOT_TODAY": DURING_PLAN.isoformat(),
           "WEBHOOK_URL": "https://bot.example.vn/telegram", "WEBHOOK_SECRET": SECRET, "DATABASE_URL": postgres_url,
           "REDIS_URL": REDIS_URL, "ZALO_BOT_TOKEN": zalo_token, "ZALO_API_BASE": await zalo.start(),
           "ZALO_WEBHOOK_URL": "https://bot.example.vn/zalo", "ZALO_WEBHOOK_SECRET": ZALO_SECRET,
           "ADMIN_IDS": f"zalo:{ZALO_ADMIN}", "PUBLIC_URL": root, "LINK_SECRET": LINK_SECRET, "SCHEDULER_EVERY": "2",
           "DOCUMENTS_PDF": "false", "PUSH_CHAT_RATE": str(CHAT_PUSH_RATE)}  # PDFs: tested elsewhere
    await asyncio.to_thread(_left_by_a_crashed_turn, postgres_url)
    procs = [await started_bot(port, env, tmp_path) for port in ports]
    redis = Redis.from_url(REDIS_URL)
    try:
        async with aiohttp.ClientSession() as http:
            telegram = Telegram(fake, f"{root}/telegram", http)

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
            pressed = await asyncio.gather(*(press_submit_from_position(Officer(fake, chat, telegram.deliver),
                                                                        "Chuyên viên") for chat in wizard_chats))
            await asyncio.gather(_a_telegram_submission(telegram), _zalo_documents_by_links(zalo, root, http))
        await zalo.wait_true(lambda: _told(zalo, NOMINEE) and _told(zalo, LEFT_PENDING), "the Zalo admin told")
        for chat in question_chats:  # answered once each, in the chat's order
            replies = [m["text"] for m in fake.to_chat(chat)]
            assert len(replies) == len(QUESTIONS), (chat, replies)
            assert all(said in reply for (_, said), reply in zip(QUESTIONS, replies)), (chat, replies)
        assert sum(SUBMITTED in last for last in pressed) == WIZARD_UNIT_QUOTA  # every step taken, none lost
        assert all(SUBMITTED in last or QUOTA_REFUSED in last for last in pressed), pressed
        assert await asyncio.to_thread(_submitted_by, postgres_url, WIZARD_UNIT) == WIZARD_UNIT_QUOTA
        assert balancer.served[KILLED] > served_before_kill[0] > 0  # served before the kill, and again after
    finally:
        codes = [await stopped_bot(p) for p in procs]
        await balancer.stop()
        keys = [k async for k in redis.scan_iter(f"{scope}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
        await fake.stop()
        await zalo.stop()
    assert codes == [0, 0, 0]
    (submitted,) = _told(zalo, NOMINEE)  # once, the processes stopped: none sent it twice
    assert "Có hồ sơ đề nghị khen thưởng mới" in submitted
    assert _told(zalo, LEFT_PENDING) == [LEFT_PENDING]
    pushes = [t for (method, data), t in zip(zalo.calls, zalo.stamps)
              if method == "sendMessage" and data.get("chat_id") == ZALO_ADMIN]
    assert len(pushes) >= WIZARD_UNIT_QUOTA + 3 and busiest(pushes) <= CHAT_LIMIT  # every process's pushes counted
