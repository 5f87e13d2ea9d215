"""Receivers of bodies on SQLite and PostgreSQL: a one-time code of a body makes a receiver once, a unit's code never
does (nor a body's a member), and a revoked receiver is gone."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from storage.models import Nomination, utcnow
from storage.unit_of_work import UnitOfWork

BODY, OTHER = "Cơ quan A", "Cơ quan B"


def _users(uow: UnitOfWork) -> tuple[int, int, int]:
    admin, b, c = (uow.users.get_or_create("test", u).id for u in ("admin", "b", "c"))
    return admin, b, c  # type: ignore[return-value]


def _submitted(uow: UnitOfWork, officer: int) -> Nomination:
    """A nomination of a unit, submitted to BODY."""
    unit = uow.units.get_or_create("Đơn vị X", "khoi", listed=False)
    n = uow.nominations.create(officer, unit.id)  # type: ignore[arg-type]
    uow.nominations.save(n, {"award_kind": "a", "nominee_kind": "b"})
    assert uow.nominations.mark_submitted(n, utcnow(), BODY)
    return n


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


def test_a_return_frees_the_slot_until_resubmitted_and_an_acceptance_keeps_it(engine: Engine) -> None:
    with UnitOfWork(engine, "plan", "city") as uow:
        officer, _, _ = _users(uow)
        n = _submitted(uow, officer)
        uow.commit()
        ids = (n.unit_id, n.id)

    def counted(uow: UnitOfWork) -> int:
        return uow.nominations.count_submitted(ids[0], "a", "b")  # type: ignore[arg-type]

    with UnitOfWork(engine, "plan", "city") as uow:
        n = uow.nominations.get(ids[1])
        assert [r.id for r in uow.nominations.received([BODY])] == [n.id] and not uow.nominations.received([OTHER])
        assert uow.nominations.give_back(n, "Thiếu giấy tờ", utcnow()) and counted(uow) == 0
        assert not uow.nominations.give_back(n, "again", utcnow()) and not uow.nominations.accept(n, utcnow())
        assert uow.nominations.open_draft(officer).id == n.id and n.review_note == "Thiếu giấy tờ"
        assert [r.review for r in uow.nominations.received([BODY])] == ["returned"]
        assert uow.nominations.mark_submitted(n, utcnow(), BODY) and n.review == "resubmitted" and counted(uow) == 1
        assert uow.nominations.accept(n, utcnow()) and not uow.nominations.accept(n, utcnow())
        assert not uow.nominations.give_back(n, "late", utcnow()) and counted(uow) == 1 and n.review == "accepted"
        uow.commit()
    with UnitOfWork(engine, "other plan", "city") as uow:
        assert uow.nominations.get(ids[1]) is None  # another plan's nomination is none of this one's


def test_an_officers_erasure_takes_a_returned_nomination_with_its_history(engine: Engine) -> None:
    """A returned nomination is the officer's draft again: erasure deletes it, and the audit rows that refer to it."""
    with UnitOfWork(engine, "plan", "city") as uow:
        officer, _, _ = _users(uow)
        n = _submitted(uow, officer)
        uow.audit.record(n, "submitted")
        assert uow.nominations.give_back(n, "Thiếu giấy tờ", utcnow())
        uow.commit()
    with UnitOfWork(engine, "plan", "city") as uow:
        assert uow.nominations.delete_unsubmitted(officer) == 1
        uow.commit()
    with UnitOfWork(engine, "plan", "city") as uow:
        assert uow.nominations.of_user(officer) == [] and uow.nominations.received([BODY]) == []
