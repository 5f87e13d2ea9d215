"""Who is an officer of which unit: established by a one-time invitation from an admin (the first officer of a unit)
or from a member (the next ones), never by typing a unit's name. Only members see their unit's whole dossier."""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from knowledge.answer import Answerer
from storage.models import Unit, utcnow
from storage.unit_of_work import UnitOfWork

from handlers.events import Reply
from handlers.texts import Texts
from handlers.turn import Turn

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread
CODE_LENGTH = 8
INVITATION_DAYS = 7


def one_time_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def invitation_expiry() -> dt.datetime:
    return utcnow() + dt.timedelta(days=INVITATION_DAYS)


def typed_code(text: str) -> str:
    """A code as typed after its command: spaces and case do not matter, and a long paste is cut."""
    return text.strip().upper()[:32]


def is_member(uow: UnitOfWork, user_id: int | None, unit_id: int | None) -> bool:
    membership = uow.members.of(user_id) if user_id is not None else None
    return membership is not None and membership.unit_id == unit_id


class Membership:
    """`/moidonvi [đơn vị]` gives a one-time code; `/thamgia <mã>` redeems it."""

    def __init__(self, answerer: Answerer, texts: Texts, is_admin: Callable[[str, str], bool]) -> None:
        self.answerer, self.texts, self.is_admin = answerer, texts, is_admin

    def invite(self, turn: Turn, unit_name: str) -> list[Reply]:
        """An admin invites to any unit it names; a member to its own unit; nobody else."""
        e, user = turn.event, turn.user
        if self.is_admin(e.platform, e.user_id) and unit_name.strip():
            unit = self._unit(turn, unit_name)
            if unit is None:
                return [self._reply("membership/unit_unknown.j2", name=unit_name.strip()[:100])]
        else:
            membership = turn.uow.members.of(user.id)  # type: ignore[arg-type]
            if membership is None:
                return [self._reply("membership/not_allowed.j2", admin=self.is_admin(e.platform, e.user_id))]
            unit = turn.uow.units.get(membership.unit_id)
        assert unit is not None and unit.id is not None and user.id is not None
        code = one_time_code()
        turn.uow.members.invite(code, unit.id, user.id, invitation_expiry())
        return [self._reply("membership/invited.j2", code=code, unit=unit.name, days=INVITATION_DAYS)]

    def join(self, turn: Turn, code: str) -> list[Reply]:
        user = turn.user
        membership = turn.uow.members.redeem(typed_code(code), user.id, utcnow())  # type: ignore[arg-type]
        if membership is None:
            return [self._reply("membership/code_refused.j2")]
        user.unit_id = membership.unit_id
        turn.uow.session.add(user)
        unit = turn.uow.units.get(membership.unit_id)
        return [self._reply("membership/joined.j2", unit=unit.name if unit else "")]

    def _unit(self, turn: Turn, name: str) -> Unit | None:
        """A unit of the city's directory by any of its names, or one already known by its exact name."""
        match = self.answerer.resolve_unit(name)
        if match is not None and match.name is not None:
            return turn.uow.units.get_or_create(match.name, match.unit_class.id, listed=True)
        return turn.uow.units.named(name.strip())

    def _reply(self, template: str, **ctx: object) -> Reply:
        return Reply(self.texts.render(template, **ctx))
