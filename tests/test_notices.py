"""Notices leave by any channel and are not lost. One process serving Telegram and Zalo (wired as `run` wires it):
a Telegram officer's submission is told to an admin on Zalo at once; a receiver on Zalo returns it and the Telegram
officer is told; a notice whose send fails stays pending in the ledger and the scheduler's next run sends it,
once. A notice posted by a process that died before sending it is sent by the next run; erasure removes the
notices to the user. On SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.output import Registry
from bot.zalo import ZaloChannel
from handlers.events import Address, Document, Incoming, Reply
from handlers.notices import post
from knowledge.answer import Answerer
from storage.models import Delivery, Nomination
from storage.unit_of_work import UnitOfWork
from tests.both_channels import Together, serving_both
from tests.chat_driver import Chat, individual_to_review, submit
from tests.conftest import DURING_PLAN, PLAN_ID, make_conversation
from tests.fake_telegram import sending_notices
from tests.fake_zalo import FakeZalo
from tests.review_steps import invite
from tests.telegram_officer import Officer, submit_from_position, to_position
from tests.test_zalo_wizard import ZaloUser, number_of

OFFICER, NOMINEE, REASON = 7, "Phạm Minh Khôi", "Thiếu bản sao Quyết định công nhận."
ZALO_ADMIN, ZALO_RECEIVER = "quan-tri-zalo", "nguoi-nhan-zalo"


@pytest.fixture
async def together(engine: Engine) -> AsyncIterator[Together]:
    async with serving_both(engine, [f"zalo:{ZALO_ADMIN}"]) as both:
        yield both


def _notices(engine: Engine, chat_id: str) -> list[Delivery]:
    with Session(engine) as session:
        return list(session.exec(select(Delivery).where(col(Delivery.subscription_id).is_(None),
                                                        Delivery.chat_id == chat_id)).all())


async def _until(condition, what: str, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, what
        await asyncio.sleep(0.02)


def _zalo_to(zalo: FakeZalo, chat_id: str) -> list[str]:
    return [m["text"] for m in zalo.sent() if m["chat_id"] == chat_id]


async def test_notices_cross_platforms_and_a_failed_one_is_sent_by_the_next_run_once(together: Together,
                                                                                     engine: Engine) -> None:
    telegram, zalo, scheduler = together.telegram, together.zalo, together.scheduler
    officer = Officer(telegram, OFFICER)
    await to_position(officer, "Quận Ba Đình", NOMINEE)
    await submit_from_position(officer, "Chuyên viên")
    (told,) = await zalo.wait_until(lambda: [m for m in zalo.sent() if m["chat_id"] == ZALO_ADMIN], 1, 10, "admin")
    assert "Có hồ sơ đề nghị khen thưởng mới" in told["text"] and NOMINEE in told["text"]
    await _until(lambda: [n.status for n in _notices(engine, ZALO_ADMIN)] == ["sent"], "marked sent")
    assert _notices(engine, ZALO_ADMIN)[0].text is None  # not kept once sent

    with Session(engine) as session:
        nomination = session.exec(select(Nomination)).one()
    admin, receiver = ZaloUser(zalo, ZALO_ADMIN), ZaloUser(zalo, ZALO_RECEIVER)
    await invite(admin, receiver, nomination.body)
    inbox = await receiver.says("/hosonhan")
    details = await receiver.says(number_of(inbox, f"Xem {nomination.id}"))
    assert "lý do trả lại" in await receiver.says(number_of(details, "Trả lại"))

    before = len(telegram.to_chat(OFFICER))
    telegram.fail_next("sendMessage", 500, "Internal Server Error", chat_id=OFFICER)
    assert "trả lại" in await receiver.says(REASON)
    await telegram.wait_for_chat(OFFICER, before + 1)  # tried at once, and refused
    await _until(lambda: [(n.status, n.attempts) for n in _notices(engine, str(OFFICER))] == [("pending", 1)],
                 "left pending")
    assert REASON in (_notices(engine, str(OFFICER))[0].text or "")

    assert await scheduler.run_once() == 1
    assert await scheduler.run_once() == 0
    refused, notice = telegram.to_chat(OFFICER)[before:]
    assert refused["text"] == notice["text"] and REASON in notice["text"] and "/tieptuc" in notice["text"]
    (row,) = _notices(engine, str(OFFICER))
    assert row.status == "sent" and row.text is None
    assert len(_zalo_to(zalo, ZALO_ADMIN)) == 2  # the submission's notice, the code: nothing twice


async def test_a_notice_posted_by_a_process_that_died_is_sent_by_the_next_run(answerer: Answerer,
                                                                              engine: Engine) -> None:
    """The core commits the notice with the submission; the process that would have sent it is gone."""
    conversation = make_conversation(answerer, engine, DURING_PLAN, lambda body: [Address("zalo", ZALO_ADMIN)])
    chat = Chat(conversation)
    individual_to_review(chat)
    submit(chat)
    (posted,) = [r for r in chat.replies if r.to is not None]
    assert posted.outbox is not None and [n.status for n in _notices(engine, ZALO_ADMIN)] == ["pending"]

    zalo, registry = FakeZalo(), Registry()
    channel = ZaloChannel("zalo-test-token", await zalo.start(), conversation, registry=registry)
    try:
        scheduler = sending_notices(engine, conversation, registry)
        assert await scheduler.run_once() == 1
        assert await scheduler.run_once() == 0
        (told,) = _zalo_to(zalo, ZALO_ADMIN)
        assert told == posted.text and "Nguyễn Văn An" in told
    finally:
        await channel.stop()
        await zalo.stop()
    (row,) = _notices(engine, ZALO_ADMIN)
    assert row.status == "sent" and row.text is None


def test_erasure_removes_the_notices_to_the_user(answerer: Answerer, engine: Engine) -> None:
    receiver = "r1"
    conversation = make_conversation(answerer, engine, DURING_PLAN, lambda body: [Address("test", receiver)])
    officer, told = Chat(conversation), Chat(conversation, user=receiver)
    individual_to_review(officer)
    submit(officer)
    (notice,) = _notices(engine, receiver)
    assert notice.status == "pending" and "Nguyễn Văn An" in (notice.text or "")
    told.say("/xoadulieu")
    told.tap("Có, xóa")
    assert "Đã xóa" in told.text
    assert _notices(engine, receiver) == [] and _notices(engine, officer.user) == []


def test_a_notice_with_files_for_another_platform_says_where_to_get_them(answerer: Answerer, engine: Engine) -> None:
    """Files are not kept: for the sender's own platform the channel sends the notice as it is, files and all; for
    another platform its text is posted, with where the files can be had."""
    document = Document("to-trinh.docx", b"PK", "Tờ trình đề nghị khen thưởng")
    replies = [Reply("Đã gửi."), Reply("Có hồ sơ mới.", document=document, to=Address("zalo", ZALO_ADMIN)),
               Reply("Có hồ sơ mới.", document=document, to=Address("telegram", "99"))]
    event = Incoming("telegram", "7", "7", text="gửi", update_id="1")
    texts = make_conversation(answerer, engine).desks[PLAN_ID].texts
    with UnitOfWork(engine) as uow:
        own, across, same = post(uow, event, replies, dt.datetime.now(dt.timezone.utc), texts)
        again = post(uow, event, replies, dt.datetime.now(dt.timezone.utc), texts)  # the same update: posted once
        uow.commit()
    assert own == replies[0] and same == replies[2] and same.outbox is None
    assert across.document is None and across.outbox is not None and across.to == Address("zalo", ZALO_ADMIN)
    assert across.text.startswith("Có hồ sơ mới.\n\nTờ trình đề nghị khen thưởng\n\n") and "qua Telegram" in across.text
    assert [r.outbox for r in again if r.to and r.to.platform == "zalo"] == []
    (row,) = _notices(engine, ZALO_ADMIN)
    assert row.text == across.text and row.id == across.outbox
