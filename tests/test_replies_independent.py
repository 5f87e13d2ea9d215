"""One reply that cannot be sent does not silence the others: the officer's own replies and documents, and every
other receiver, still get theirs; the update ends normally (no 500 by webhook, so no redelivery)."""
from __future__ import annotations

import logging

import pytest

from bot.telegram_aiogram import AiogramChannel
from bot.telegram_ptb import PtbChannel
from handlers.events import Address, Document, Reply
from tests.fake_telegram import polled_by
from tests.fake_zalo import FakeZalo
from tests.test_zalo_contract import polling as zalo_polling

NAME = "Nguyễn Văn An"


class SubmittingCore:
    """A submission's replies: the officer thanked, a document, then the admins told (the first one unreachable)."""

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def handle(self, event):
        notice = f"Có hồ sơ mới: {NAME}."
        return [Reply("Đã nộp."), Reply("", document=Document("to-trinh.docx", b"docx")),
                Reply(notice, to=Address(self.platform, "4999")), Reply(notice, to=Address(self.platform, "4900"))]


@pytest.mark.parametrize("backend", [AiogramChannel, PtbChannel], ids=["aiogram", "ptb"])
async def test_one_unreachable_admin_silences_no_one_after_it(backend, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    async with polled_by(backend, SubmittingCore("telegram")) as fake:
        fake.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=4999)
        fake.user_says(7, "nộp")
        await fake.wait_for_chat(4900, 1)
        assert [m["text"] for m in fake.to_chat(7)] == ["Đã nộp."] and len(fake.documents) == 1
        assert len(fake.to_chat(4999)) == 1  # tried once: a 400 is not retried
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "could not be sent" in logged and NAME not in logged
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


async def test_one_unreachable_zalo_admin_silences_no_one_after_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    fake = FakeZalo()
    async with zalo_polling(SubmittingCore("zalo"), fake):
        fake.fail_next("sendMessage", 400, "Bad request")  # the first text: the officer's own
        fake.user_says("u1", "nộp")
        sent = await fake.wait_for("sendMessage", 4)
    assert [m["chat_id"] for m in sent] == ["u1", "u1", "4999", "4900"]  # the document's notice, both admins
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "could not be sent" in logged and NAME not in logged
