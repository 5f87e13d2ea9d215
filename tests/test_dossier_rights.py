"""Who may see a unit's dossier (personal data): membership is established by an invitation, not by typing a unit's
name; until then a user sees only what they submitted; every payload is checked when it is handled. Through the core
on SQLite and PostgreSQL, and a forged button through the fake Bot API."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx import Document as DocxDocument
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.telegram_aiogram import AiogramChannel
from handlers.conversation import Conversation
from handlers.events import Document, Reply
from knowledge.answer import Answerer
from storage.models import Invitation
from tests.chat_driver import Chat, individual_to_review, submit
from tests.conftest import DURING_PLAN, make_conversation
from tests.fake_telegram import polled_by
from tests.telegram_officer import Officer

ADMIN = "900"


def _conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return Conversation([answerer], make_conversation(answerer, engine, DURING_PLAN).uow, lambda: DURING_PLAN,
                        is_admin=lambda platform, user: user == ADMIN)


def _text_of(replies) -> str:
    """Every document's paragraphs and tables, as one text to search for names."""
    out = []
    for r in replies:
        if r.document:
            for data in _unpacked(r.document):
                doc = DocxDocument(io.BytesIO(data))
                out += [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows
                                                           for c in row.cells]
    return "\n".join(out)


def _entries(archive: Document) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive.data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _unpacked(document: Document) -> list[bytes]:
    """A DOCX, or each DOCX of a ZIP (/hosocuatoi sends the dossier as one)."""
    if not document.filename.endswith(".zip"):
        return [document.data]
    return [data for name, data in _entries(document).items() if name.endswith(".docx")]


def _submit(chat: Chat, name: str) -> None:
    individual_to_review(chat, unit="Quận Ba Đình", name=name)
    submit(chat)
    assert "Đã nộp" in chat.text


def _code(chat: Chat) -> str:
    (code,) = re.findall(r"/thamgia ([A-Z0-9]{8})", chat.text)
    return code


def test_a_stranger_claiming_a_unit_gets_nothing_of_its_dossier(answerer: Answerer, engine: Engine) -> None:
    conversation = _conversation(answerer, engine)
    _submit(Chat(conversation, user="b"), "Lê Thị Bích")
    stranger = Chat(conversation, user="c")
    stranger.say("/denghi")
    stranger.say("Quận Ba Đình")  # claims the unit
    replies = stranger.press("docs:unit")  # a forged button
    assert not any(r.document for r in replies) and "Chưa có hồ sơ đã nộp nào anh/chị được xem" in stranger.text


def test_until_invited_an_officer_sees_only_what_they_submitted(answerer: Answerer, engine: Engine) -> None:
    conversation = _conversation(answerer, engine)
    b, d = Chat(conversation, user="b"), Chat(conversation, user="d")
    _submit(b, "Lê Thị Bích")
    _submit(d, "Trần Văn Dũng")
    seen_by_d = _text_of(d.press("docs:unit"))
    assert "Trần Văn Dũng" in seen_by_d and "Lê Thị Bích" not in seen_by_d
    admin = Chat(conversation, user=ADMIN)
    admin.say("/moidonvi Quận Ba Đình")
    b.say(f"/thamgia {_code(admin)}")
    assert "đã được xác nhận là cán bộ của Quận Ba Đình" in b.text
    (archive,) = [r.document for r in b.press("docs:unit") if r.document]
    files = [Document(name, data) for name, data in _entries(archive).items()]
    reports = [Reply("", document=f) for f in files if "-bao-cao-" in f.filename]
    seen_by_b = _text_of([Reply("", document=f) for f in files if "-bao-cao-" not in f.filename])
    assert "Lê Thị Bích" in seen_by_b and "Trần Văn Dũng" in seen_by_b  # the unit's Danh sách, to sign
    assert len(reports) == 1 and "Trần Văn Dũng" not in _text_of(reports)


def test_a_member_invites_the_next_officer_and_a_code_works_once_and_not_after_it_expires(answerer: Answerer,
                                                                                          engine: Engine) -> None:
    conversation = _conversation(answerer, engine)
    admin, b, e, f = (Chat(conversation, user=u) for u in (ADMIN, "b", "e", "f"))
    e.say("/moidonvi")
    assert "Chỉ cán bộ đã được xác nhận" in e.text  # not a member yet
    admin.say("/moidonvi Quận Ba Đình")
    b.say(f"/thamgia {_code(admin)}")
    b.say("/moidonvi")
    code = _code(b)
    e.say(f"/thamgia {code.lower()}")
    assert "đã được xác nhận" in e.text
    f.say(f"/thamgia {code}")
    assert "đã được dùng hoặc đã hết hạn" in f.text  # once
    admin.say("/moidonvi Quận Ba Đình")
    late = _code(admin)
    with Session(engine) as s:  # a week and a day later
        invitation = s.get(Invitation, late)
        assert invitation is not None
        invitation.expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
        s.add(invitation)
        s.commit()
    f.say(f"/thamgia {late}")
    assert "đã hết hạn" in f.text
    with Session(engine) as s:
        assert len(s.exec(select(Invitation).where(Invitation.used_by.is_not(None))).all()) == 2  # type: ignore[union-attr]


async def test_a_forged_documents_button_through_telegram_sends_a_stranger_nothing(answerer: Answerer,
                                                                                   sqlite_engine: Engine) -> None:
    conversation = _conversation(answerer, sqlite_engine)
    _submit(Chat(conversation, user="501", platform="telegram"), "Lê Thị Bích")
    async with polled_by(AiogramChannel, conversation) as fake:
        stranger = Officer(fake, 502)
        await stranger.says("/denghi")
        await stranger.says("Quận Ba Đình")
        answer = await stranger.reply_to(lambda: fake.user_taps(502, "docs:unit"))
        assert "Chưa có hồ sơ đã nộp nào anh/chị được xem" in answer
    assert fake.documents == []
