"""Nominations of several units in every stage, made through the storage's own operations (create, submit, accept,
give back) as the wizard and the inbox make them: the overview's subject is what it counts, not how officers got
there (the wizard has tests of its own)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.signed_links import LinkSigner
from handlers.conversation import Conversation
from handlers.standing import Standing
from knowledge.answer import Answerer
from knowledge.schema import Plan
from storage.unit_of_work import UnitOfWork
from tests.conftest import PLAN_ID
from tests.test_receivers import ADMIN

AT = dt.datetime(2024, 7, 20, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Seed:
    unit: str
    unit_class: str
    award: str
    nominee: str
    movement: str
    stage: Standing


# Hanoi's plan (tests.conftest.PLAN_ID): a district's quota is 2 collectives + 3 individuals for tổng kết, a
# department's 1 + 2; đột xuất has none.
HANOI = (
    Seed("Quận Ba Đình", "district", "tong_ket", "individual", "II.2.1", Standing.SUBMITTED),
    Seed("Quận Ba Đình", "district", "tong_ket", "individual", "II.2.1", Standing.ACCEPTED),
    Seed("Quận Ba Đình", "district", "tong_ket", "collective", "II.2.3", Standing.ACCEPTED),
    Seed("Quận Ba Đình", "district", "tong_ket", "individual", "II.2.1", Standing.DRAFT),
    Seed("Quận Hoàn Kiếm", "district", "tong_ket", "individual", "II.2.3", Standing.RETURNED),
    Seed("Quận Hoàn Kiếm", "district", "dot_xuat", "individual", "II.2.4", Standing.SUBMITTED),
    Seed("Sở Y tế", "city", "tong_ket", "collective", "II.2.3", Standing.SUBMITTED),
    Seed("Sở Y tế", "city", "tong_ket", "individual", "II.2.3", Standing.ACCEPTED),
    Seed("Sở Y tế", "city", "tong_ket", "individual", "II.2.3", Standing.SUBMITTED),
    Seed("Sở Xây dựng", "city", "tong_ket", "individual", "II.2.1", Standing.RETURNED),
)


def seed(engine: Engine, plan: Plan, seeds: tuple[Seed, ...] = HANOI) -> None:
    for i, s in enumerate(seeds):
        with UnitOfWork(engine, plan.id, plan.units) as uow:
            user = uow.users.get_or_create("test", f"officer{i}")
            unit = uow.units.get_or_create(s.unit, s.unit_class, listed=True)
            nomination = uow.nominations.create(user.id, unit.id)  # type: ignore[arg-type]
            uow.nominations.save(nomination, {"award_kind": s.award, "nominee_kind": s.nominee,
                                              "movement": s.movement, "full_name": f"Người thứ {i}"})
            if s.stage != Standing.DRAFT:
                assert uow.nominations.mark_submitted(nomination, AT, "Sở Xây dựng")
            if s.stage == Standing.ACCEPTED:
                assert uow.nominations.accept(nomination, AT)
            if s.stage in (Standing.RETURNED, Standing.RESUBMITTED):
                assert uow.nominations.give_back(nomination, "Thiếu biên bản", AT)
            if s.stage == Standing.RESUBMITTED:
                assert uow.nominations.mark_submitted(nomination, AT, "Sở Xây dựng")
            uow.commit()


NOON = dt.datetime(2024, 8, 1, 5, 0, tzinfo=dt.UTC)
ESCAPED_NAME = '<b>Ban "Khác"</b> & Co'  # a unit typed by hand ("Khác"): its name is shown as text, never as markup


@dataclass
class Site:
    """What the overview page runs on in a test: the core over a seeded database, a signer whose clock the test
    moves, and the admins, whom the test may change."""

    conversation: Conversation
    signer: LinkSigner
    admins: set[str]
    clock: list[dt.datetime]

    def link(self, holder: str = f"test:{ADMIN}", plan_id: str = PLAN_ID, purpose: str = "overview") -> str:
        return self.signer.token(purpose, holder, plan_id)


def site(answerer: Answerer, engine: Engine) -> Site:
    seed(engine, answerer.plan, (*HANOI, Seed(ESCAPED_NAME, "city", "tong_ket", "individual", "II.2.1",
                                              Standing.SUBMITTED)))
    admins, clock = {ADMIN}, [NOON]
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: NOON.date(),
                                is_admin=lambda _platform, user: user in admins)
    signer = LinkSigner(b"k" * 32, "http://127.0.0.1", dt.timedelta(hours=24), lambda: clock[0])
    return Site(conversation, signer, admins, clock)
