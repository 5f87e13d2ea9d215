"""The review loop through the fake Bot API: an officer submits; a receiver invited with /moi and /nhanhoso finds
it in /hosonhan and returns it with a reason; the officer is told at once, reopens it with /tieptuc and resubmits;
the receiver accepts it. A return frees the quota slot until the resubmission; an acceptance keeps it. Nobody acts
on another body's nominations, and the refusal is logged with ids only."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine

from bot.telegram_aiogram import AiogramChannel
from handlers.conversation import Conversation
from handlers.inbox import ACCEPT
from handlers.nomination.destination import receiving_bodies
from handlers.payloads import ReviewAction
from knowledge.answer import Answerer
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import FakeTelegram, polled_by
from tests.review_steps import submitted, telegram_receiver
from tests.telegram_officer import Officer, submit_from_position, to_position

ADMIN, OFFICER, RECEIVER, ELSEWHERE, OUTSIDER = 900, 7, 555, 556, 557
NOMINEE = "Phạm Minh Khôi"


def _conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return Conversation([answerer], make_conversation(answerer, engine, DURING_PLAN).uow, lambda: DURING_PLAN,
                        is_admin=lambda platform, user: user == str(ADMIN))


def _submitted(engine: Engine) -> tuple[int, str, int]:
    return submitted(engine, "telegram", str(OFFICER))


async def _told(fake: FakeTelegram, officer: Officer, act) -> str:
    """The acting user's reply, once the officer's notice has come too."""
    before = len(fake.to_chat(officer.chat_id))
    await act()
    return (await fake.wait_for_chat(officer.chat_id, before + 1))[-1]["text"]


async def test_returned_then_resubmitted_then_accepted_through_telegram(answerer: Answerer, sqlite_engine: Engine,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    async with polled_by(AiogramChannel, _conversation(answerer, sqlite_engine), engine=sqlite_engine) as fake:
        officer, admin, outsider = Officer(fake, OFFICER), Officer(fake, ADMIN), Officer(fake, OUTSIDER)
        await to_position(officer, "Quận Ba Đình", NOMINEE)
        await submit_from_position(officer, "Chuyên viên")
        nomination, body, used = _submitted(sqlite_engine)
        assert used == 1 and body in receiving_bodies(answerer.plan)
        receiver = await telegram_receiver(fake, admin, RECEIVER, body)
        other = next(b for b in receiving_bodies(answerer.plan) if b != body)
        elsewhere = await telegram_receiver(fake, admin, ELSEWHERE, other)

        assert "Xin lỗi anh/chị" in await outsider.says("/hosonhan")
        assert "Chưa có hồ sơ nào" in await elsewhere.says("/hosonhan")
        caplog.set_level(logging.WARNING, logger="handlers.inbox")
        forged = ReviewAction(ACCEPT, nomination).pack()
        assert "không thuộc cơ quan" in await elsewhere.reply_to(lambda: fake.user_taps(ELSEWHERE, forged))
        (line,) = [r.getMessage() for r in caplog.records if r.name == "handlers.inbox"]
        assert str(nomination) in line and NOMINEE not in line and "Ba Đình" not in line

        inbox = await receiver.says("/hosonhan")
        assert "Quận Ba Đình" in inbox and NOMINEE in inbox and "đã nộp" in inbox and "ngày" in inbox
        assert NOMINEE in await receiver.taps(f"Xem {nomination}")
        assert "lý do trả lại" in await receiver.taps("Trả lại")
        notice = await _told(fake, officer, lambda: receiver.says("Thiếu bản sao Quyết định công nhận."))
        assert "trả lại" in notice and "Thiếu bản sao Quyết định công nhận." in notice and "/tieptuc" in notice
        assert _submitted(sqlite_engine)[2] == 0  # the slot is free again
        mine = await officer.says("/hosocuatoi")
        assert "đã trả lại" in mine and "Thiếu bản sao Quyết định công nhận." in mine
        assert "đã trả lại" in await receiver.says("/hosonhan")

        assert "Kiểm tra lại hồ sơ" in await officer.says("/tieptuc")
        told = len(fake.to_chat(RECEIVER))
        assert "Đã nộp" in await officer.taps("Nộp hồ sơ")
        notice = (await fake.wait_for_chat(RECEIVER, told + 1))[-1]["text"]  # told, before it opens its inbox
        assert "hồ sơ đề nghị khen thưởng" in notice and NOMINEE in notice
        assert _submitted(sqlite_engine)[2] == 1  # taken again
        assert "đã nộp lại" in await receiver.says("/hosonhan")
        await receiver.taps(f"Xem {nomination}")
        assert "Đã tiếp nhận" in await receiver.taps("Tiếp nhận")
        assert _submitted(sqlite_engine)[2] == 1  # accepted still counts
        assert "đã tiếp nhận" in await officer.says("/hosocuatoi")
        assert "đã tiếp nhận" in await receiver.says("/hosonhan")
