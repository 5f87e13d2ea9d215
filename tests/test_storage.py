"""Storage on SQLite and PostgreSQL: migrations, repositories, and submissions that race for the last slot."""
from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import Engine, inspect
from sqlmodel import Session, select

from handlers.conversation import Conversation
from knowledge.answer import Answerer
from storage.database import make_engine, upgrade
from storage.models import Nomination
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, individual_to_review, start_tong_ket_individual
from tests.chat_driver import submit as submit_now
from tests.conftest import DURING_PLAN, PLAN_ID, make_conversation

TABLES = {"alembic_version", "units", "users", "nominations", "attachments", "conversation_states", "submission_audit"}


def test_migrations_create_every_table_and_run_twice(engine: Engine) -> None:
    upgrade(engine)  # already at head: nothing to do, no error
    assert TABLES <= set(inspect(engine).get_table_names())


def test_sqlite_file_is_created_under_its_folder_in_wal_mode(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/new/folder/bot.db")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "new" / "folder" / "bot.db").exists()


def test_answers_keep_vietnamese_text_and_rollback_drops_unsaved_changes(engine: Engine) -> None:
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        user = uow.users.get_or_create("telegram", "42")
        draft = uow.nominations.create(user.id, None)
        uow.nominations.save(draft, {"full_name": "Nguyễn Thị Hoà", "note": "{{ 7*7 }} <b>&"})
        uow.commit()
        draft_id = draft.id
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        draft = uow.nominations.open_draft(uow.users.get_or_create("telegram", "42").id)
        uow.nominations.save(draft, {"full_name": "changed"})  # never committed
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        kept = uow.session.get(Nomination, draft_id)
        assert kept.answers == {"full_name": "Nguyễn Thị Hoà", "note": "{{ 7*7 }} <b>&"}


def test_users_are_keyed_by_platform(engine: Engine) -> None:
    with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
        telegram = uow.users.get_or_create("telegram", "7")
        zalo = uow.users.get_or_create("zalo", "7")
        assert telegram.id != zalo.id and uow.users.get_or_create("telegram", "7").id == telegram.id


@pytest.fixture()
def conversation(answerer: Answerer, engine: Engine) -> Conversation:
    return make_conversation(answerer, engine, DURING_PLAN)


def test_two_officers_racing_for_the_last_slot_get_one_submission(conversation: Conversation,
                                                                  engine: Engine) -> None:
    for i in range(2):
        chat = Chat(conversation, user=f"early{i}")
        individual_to_review(chat, name=f"Nguyễn Văn {'AB'[i]}ình")
        submit_now(chat)
    racers = [Chat(conversation, user=f"racer{i}") for i in range(2)]
    for i, chat in enumerate(racers):
        individual_to_review(chat, name=f"Trần Thị {'CD'[i]}úc")
    start = threading.Barrier(2)

    def submit(chat: Chat) -> None:
        payload = chat.payload("Nộp hồ sơ")
        start.wait()
        chat.press(payload)

    threads = [threading.Thread(target=submit, args=(c,)) for c in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    outcomes = sorted("Đã nộp" in c.text for c in racers)
    assert outcomes == [False, True], [c.text for c in racers]
    assert any("đã nộp 3/3 cá nhân" in c.text for c in racers)
    with Session(engine) as s:
        assert len(s.exec(select(Nomination).where(Nomination.status == "submitted")).all()) == 3



def test_two_officers_racing_to_create_a_new_unit_get_the_same_row(engine: Engine) -> None:
    start, ids, errors = threading.Barrier(2), [], []
    queued = engine.dialect.name == "sqlite"  # a process's units of work on SQLite run one after another

    def officer() -> None:
        try:
            if queued:
                start.wait(10)
            with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
                if not queued:
                    start.wait(10)  # both transactions are open before either inserts
                ids.append(uow.units.get_or_create("Ban Quản lý dự án mới", "city_level", listed=False).id)
                uow.users.get_or_create("telegram", "same-user")
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of either thread
            errors.append(exc)

    threads = [threading.Thread(target=officer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(ids) == 2 and ids[0] == ids[1]


def test_an_erased_name_is_in_neither_the_database_file_nor_its_wal_while_the_bot_runs(answerer: Answerer,
                                                                                      tmp_path) -> None:
    path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    chat = Chat(make_conversation(answerer, engine, DURING_PLAN))
    start_tong_ket_individual(chat, name="Phùng Thị Xuyến")
    forms = ["Phùng Thị Xuyến".encode(), json.dumps("Phùng Thị Xuyến")[1:-1].encode()]  # as typed; as JSON keeps it
    files = [path, path.with_name("bot.db-wal")]

    def holding() -> list[str]:
        return [f.name for f in files if f.exists() and any(form in f.read_bytes() for form in forms)]

    assert holding()  # the test sees the name where it is
    chat.say("/xoadulieu")
    chat.tap("Có, xóa")
    assert "Đã xóa" in chat.text
    assert holding() == []  # read while the engine, and its pooled connections, are still open
    engine.dispose()


def test_on_sqlite_a_processs_units_of_work_wait_in_turn_not_in_sqlites_busy_loop(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/bot.db")
    upgrade(engine)
    holding, release, order = threading.Event(), threading.Event(), []

    def first() -> None:
        with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
            uow.users.get_or_create("telegram", "1")
            holding.set()
            release.wait(10)
            order.append("first commits")
            uow.commit()

    def second() -> None:
        holding.wait(10)
        with UnitOfWork(engine, PLAN_ID, "hanoi") as uow:
            order.append("second begins")
            uow.users.get_or_create("telegram", "2")
            uow.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    holding.wait(10)
    threads[1].join(0.3)  # it waits for the first, however long that takes
    release.set()
    for t in threads:
        t.join(10)
    engine.dispose()
    assert order == ["first commits", "second begins"]
