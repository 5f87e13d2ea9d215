"""Receivers of bodies on SQLite and PostgreSQL: a one-time code of a body makes a receiver once, a unit's code never
does (nor a body's a member), and a revoked receiver is gone."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from storage.models import utcnow
from storage.unit_of_work import UnitOfWork

BODY, OTHER = "Cơ quan A", "Cơ quan B"


def _users(uow: UnitOfWork) -> tuple[int, int, int]:
    admin, b, c = (uow.users.get_or_create("test", u).id for u in ("admin", "b", "c"))
    return admin, b, c  # type: ignore[return-value]


def test_a_body_code_makes_a_receiver_once_and_a_unit_code_never(engine: Engine) -> None:
    later = utcnow() + dt.timedelta(days=7)
    with UnitOfWork(engine, directory="city") as uow:
        admin, b, c = _users(uow)
        unit = uow.units.get_or_create("Đơn vị X", "khoi", listed=False)
        uow.receivers.invite("BODY1", BODY, admin, later)
        uow.members.invite("UNIT1", unit.id, admin, later)  # type: ignore[arg-type]
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.members.redeem("BODY1", b, utcnow()) is None  # a body's code is not a unit's
        assert uow.receivers.redeem("UNIT1", b, utcnow()) is None
        assert uow.receivers.redeem("BODY1", b, utcnow()) is not None
        assert uow.receivers.redeem("BODY1", c, utcnow()) is None  # once
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.receivers.bodies_of(b) == [BODY] and uow.receivers.bodies_of(c) == []
        assert uow.members.redeem("UNIT1", c, utcnow()) is not None


def test_an_expired_code_is_refused_and_revoking_is_limited_to_the_bodies_named(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        admin, b, _ = _users(uow)
        uow.receivers.invite("OLD", BODY, admin, utcnow() - dt.timedelta(seconds=1))
        uow.receivers.invite("NEW", BODY, admin, utcnow() + dt.timedelta(days=1))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.receivers.redeem("OLD", b, utcnow()) is None
        receiver = uow.receivers.redeem("NEW", b, utcnow())
        uow.commit()
    assert receiver is not None and receiver.id is not None
    with UnitOfWork(engine) as uow:
        assert [r.user_id for r in uow.receivers.of_bodies([BODY, OTHER])] == [b]
        assert uow.receivers.revoke(receiver.id, [OTHER]) is None
        assert uow.receivers.revoke(receiver.id, [BODY]) is not None
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert uow.receivers.bodies_of(b) == [] and uow.receivers.of_bodies([BODY]) == []
