"""Engines for a database URL (a SQLite file by default, PostgreSQL by URL) and their migrations.

Statements' parameters are hidden from errors and logs: they hold nominees' personal data.

SQLite runs in WAL mode and every transaction starts with BEGIN IMMEDIATE, so that a check and the write
that follows it (a quota, a submission) cannot interleave with another thread's. The threads of one process also
queue for SQLite's one writer on a lock of their own (`writer`): SQLite's busy handler polls with sleeps of up to
100 ms, so under contention a waiting thread kept losing the race (a step's p99 of 2 s with 16 threads)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalize_url(url: str) -> str:
    """'postgresql://…' means psycopg 3 here (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def _sqlite_connect(dbapi_connection: object, _record: object) -> None:
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted personal data is overwritten, not left in free pages
    cursor.close()


_WRITERS: WeakKeyDictionary[Engine, threading.RLock] = WeakKeyDictionary()


def writer(engine: Engine) -> AbstractContextManager[object]:
    """Held for a whole unit of work on SQLite, whose transactions each take the one write lock: the process's
    threads then wait in turn, woken as soon as it is free. Nothing to hold on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    lock = _WRITERS.get(engine)
    return lock if lock is not None else _WRITERS.setdefault(engine, threading.RLock())


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database and empty it, so that rows just deleted (an erasure under
    Decree 13) leave no old copy in the -wal file. Nothing to do on other databases."""
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()
    try:
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def explain(engine: Engine, statement: Executable) -> str:
    """The database's plan for a statement, as text (to check which index a query walks)."""
    compiled = statement.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or [])
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + str(compiled), params).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


def insert_for(session: Session) -> Callable[..., Any]:
    """The dialect's INSERT, which has ON CONFLICT DO NOTHING (PostgreSQL's and SQLite's alike)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration (the bot does this at start; `python -m bot db upgrade` too)."""
    command.upgrade(_alembic_config(engine), "head")
