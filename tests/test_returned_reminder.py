"""A nomination returned to its officer and still open three days before its deadline: the scheduler reminds the
officer once, through the fake Bot API, with the unit, the reason, the days left and /tieptuc; a resubmitted one
and an erased user's get nothing. SQLite and PostgreSQL, on an injected clock."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from bot.scheduler import Limits, Scheduler
from handlers.conversation import Conversation
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, individual_to_review, submit
from tests.conftest import PLAN_ID
from tests import test_reminders
from tests.test_reminders import ADMIN, Clock, at

RECEIVER = "555"
OFFICERS = {"7": ("Quận Ba Đình", "Phạm Minh Khôi"), "8": ("Quận Hoàn Kiếm", "Trần Thu Hà"),
            "9": ("Quận Cầu Giấy", "Lê Quốc Bảo")}  # stays returned, resubmits, erases
REASON = "Thiếu bản sao Quyết định công nhận danh hiệu."
conversation, telegram = test_reminders.conversation, test_reminders.telegram  # its fixtures, on this module's clock


@pytest.fixture()
def clock() -> Clock:
    return Clock(at("2024-08-01", 10))


def _nomination(engine: Engine, user: str) -> int:
    with UnitOfWork(engine, PLAN_ID) as uow:
        (n,) = uow.nominations.of_user(uow.users.get_or_create("telegram", user).id)  # type: ignore[arg-type]
        assert n.id is not None
        return n.id


def _returned_by_the_lead(conversation: Conversation, engine: Engine) -> None:
    """Each officer submits to Sở Xây dựng; its receiver returns every one with the same reason."""
    for user, (unit, nominee) in OFFICERS.items():
        officer = Chat(conversation, user=user, platform="telegram")
        individual_to_review(officer, unit=unit, name=nominee)
        submit(officer)
        assert "Đã nộp" in officer.text
    admin = Chat(conversation, user=ADMIN, platform="telegram")
    admin.say("/moi Sở Xây dựng")
    receiver = Chat(conversation, user=RECEIVER, platform="telegram")
    receiver.say(f"/nhanhoso {re.findall(r'/nhanhoso ([A-Z0-9]{8})', admin.text)[0]}")
    for user in OFFICERS:
        receiver.say("/hosonhan")
        receiver.tap(f"Xem {_nomination(engine, user)}")
        receiver.tap("Trả lại")
        receiver.say(REASON)
        assert "Đã trả lại" in receiver.text or "đã trả lại" in receiver.text


async def test_a_returned_nomination_is_reminded_once_three_days_before(
        conversation: Conversation, engine: Engine, clock: Clock, telegram) -> None:
    fake, channel = telegram
    _returned_by_the_lead(conversation, engine)
    again = Chat(conversation, user="8", platform="telegram")
    again.say("/tieptuc")
    again.tap("Nộp hồ sơ")
    assert "Đã nộp" in again.text
    erased = Chat(conversation, user="9", platform="telegram")
    erased.say("/xoadulieu")
    erased.tap("Có, xóa")
    assert "Đã xóa" in erased.text

    limits = {"telegram": Limits(1000.0, 100.0)}
    scheduler = Scheduler(engine, conversation.reminders, {"telegram": channel}, limits, [], clock.now)
    clock.moment = at("2024-08-27", 8, 5)  # four days before the last day, 31/08/2024
    await scheduler.run_once()  # the notices the chats above left in the ledger (no outbox here): returns, resubmission
    told = {chat: len(fake.to_chat(chat)) for chat in (7, 8, 9)}
    assert await scheduler.run_once() == 0
    clock.moment = at("2024-08-28", 8, 5)
    assert await scheduler.run_once() == 1
    (reminder,) = fake.to_chat(7)[told[7]:]
    text = reminder["text"]
    assert f"hồ sơ số {_nomination(engine, '7')}" in text and "Quận Ba Đình" in text and "Sở Xây dựng" in text
    assert REASON in text and "Còn 3 ngày" in text and "31/08/2024" in text and "/tieptuc" in text
    assert await scheduler.run_once() == 0  # once
    clock.moment = at("2024-08-30", 8, 5)
    assert await scheduler.run_once() == 0  # nor again on a later day
    assert len(fake.to_chat(8)) == told[8] and len(fake.to_chat(9)) == told[9]  # resubmitted; erased

    officer = Chat(conversation, user="7", platform="telegram")
    officer.say("/nhachan")  # the row made for the reminder subscribes nobody to deadline reminders until asked
    assert "nhóm đơn vị nào" in officer.text or "Đã bật nhắc hạn" in officer.text
