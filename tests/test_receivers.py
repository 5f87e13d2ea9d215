"""Receivers are people in the chat: an admin invites one for a body with `/moi`, the user redeems the code with
`/nhanhoso`, and the admin lists and revokes receivers with `/nguoinhan`; nobody else may. Through the core on
SQLite and PostgreSQL."""
from __future__ import annotations

import re

from sqlalchemy import Engine

from handlers.conversation import Conversation
from handlers.nomination.destination import receiving_bodies
from handlers.payloads import ReviewAction
from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat
from tests.conftest import DURING_PLAN, make_conversation

ADMIN = "900"


def conversation_with_admin(answerer: Answerer, engine: Engine) -> Conversation:
    return Conversation([answerer], make_conversation(answerer, engine, DURING_PLAN).uow, lambda: DURING_PLAN,
                        is_admin=lambda platform, user: user == ADMIN)


def invite_receiver(admin: Chat, receiver: Chat, body: str) -> None:
    admin.say(f"/moi {body}")
    (code,) = re.findall(r"/nhanhoso ([A-Z0-9]{8})", admin.text)
    receiver.say(f"/nhanhoso {code.lower()}")
    assert f"người nhận hồ sơ của {body}" in receiver.text


def _bodies_of(engine: Engine, user: str) -> list[str]:
    with UnitOfWork(engine) as uow:
        return uow.receivers.bodies_of(uow.users.get_or_create("test", user).id)  # type: ignore[arg-type]


def test_an_admin_invites_a_receiver_by_a_code_that_works_once(answerer: Answerer, engine: Engine) -> None:
    conversation = conversation_with_admin(answerer, engine)
    admin, r, other = (Chat(conversation, user=u) for u in (ADMIN, "r", "o"))
    body = receiving_bodies(answerer.plan)[0]
    admin.say(f"/moi {body.upper()}")  # the body's name in any case
    (code,) = re.findall(r"/nhanhoso ([A-Z0-9]{8})", admin.text)
    r.say(f"/nhanhoso {code}")
    assert f"người nhận hồ sơ của {body}" in r.text
    other.say(f"/nhanhoso {code}")
    assert "đã được dùng" in other.text
    other.say(f"/thamgia {code}")  # a receiver's code makes nobody an officer of a unit
    assert "đã được dùng" in other.text
    assert _bodies_of(engine, "r") == [body] and _bodies_of(engine, "o") == []


def test_an_unknown_body_is_refused_politely_with_the_valid_ones(answerer: Answerer, engine: Engine) -> None:
    admin = Chat(conversation_with_admin(answerer, engine), user=ADMIN)
    admin.say("/moi Cơ quan không có")
    assert "không phải cơ quan nhận hồ sơ" in admin.text
    assert all(body in admin.text for body in receiving_bodies(answerer.plan))
    admin.say("/moi")
    assert "Anh/chị gõ kèm tên cơ quan" in admin.text


def test_an_admin_lists_and_revokes_and_nobody_else_may(answerer: Answerer, engine: Engine) -> None:
    conversation = conversation_with_admin(answerer, engine)
    admin, r, outsider = (Chat(conversation, user=u) for u in (ADMIN, "r", "o"))
    body = receiving_bodies(answerer.plan)[-1]
    invite_receiver(admin, r, body)
    for command in ("/moi " + body, "/nguoinhan"):
        outsider.say(command)
        assert "chỉ quản trị viên" in outsider.text
    admin.say("/nguoinhan")
    assert body in admin.text
    revoke = admin.payload("Thu hồi 1")
    outsider.press(revoke)  # a forged button
    assert "chỉ quản trị viên" in outsider.text and _bodies_of(engine, "r") == [body]
    admin.press(revoke)
    assert "Đã thu hồi" in admin.text and _bodies_of(engine, "r") == []
    admin.press(revoke, origin="later")  # the same button again, not a double tap
    assert "đã được thu hồi trước đó" in admin.text
    admin.press(ReviewAction("nonsense", 1).pack())
    assert "/nguoinhan" not in admin.text


def test_a_receiver_who_erases_their_data_is_a_receiver_no_more(answerer: Answerer, engine: Engine) -> None:
    conversation = conversation_with_admin(answerer, engine)
    admin, r = Chat(conversation, user=ADMIN), Chat(conversation, user="r")
    invite_receiver(admin, r, receiving_bodies(answerer.plan)[0])
    r.say("/xoadulieu")
    r.tap("Có, xóa")
    assert _bodies_of(engine, "r") == []
    r.say("/hosonhan")
    assert "dành cho người nhận hồ sơ" in r.text
