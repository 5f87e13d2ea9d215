"""Steps of the review loop that several tests take, whatever the chat's platform: an admin invites a receiver, who
joins; the nomination a user submitted, its body and what counts against its unit's quota."""
from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Protocol

from sqlalchemy import Engine

from storage.unit_of_work import UnitOfWork
from tests.conftest import PLAN_ID
from tests.fake_telegram import FakeTelegram
from tests.telegram_officer import Officer


class Chat(Protocol):
    """A user of a fake server: what they say is answered with the text the bot replied."""

    def says(self, text: str) -> Awaitable[str]: ...


async def invite(admin: Chat, receiver: Chat, body: str) -> None:
    """`/moi <body>` by the admin, `/nhanhoso <code>` by the receiver."""
    code = re.findall(r"/nhanhoso ([A-Z0-9]{8})", await admin.says(f"/moi {body}"))[0]
    assert f"người nhận hồ sơ của {body}" in await receiver.says(f"/nhanhoso {code}")


async def telegram_receiver(fake: FakeTelegram, admin: Chat, chat_id: int, body: str) -> Officer:
    """A Telegram chat invited by the admin as the body's receiver."""
    receiver = Officer(fake, chat_id)
    await invite(admin, receiver, body)
    return receiver


def submitted(engine: Engine, platform: str, user: str) -> tuple[int, str, int]:
    """The user's one nomination: its id and body, and what counts against its unit's quota."""
    with UnitOfWork(engine, PLAN_ID) as uow:
        (n,) = uow.nominations.of_user(uow.users.get_or_create(platform, user).id)  # type: ignore[arg-type]
        assert n.id and n.body and n.unit_id and n.award_kind and n.nominee_kind
        return n.id, n.body, uow.nominations.count_submitted(n.unit_id, n.award_kind, n.nominee_kind)
