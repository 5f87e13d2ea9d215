from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from handlers.conversation import Conversation
from handlers.events import Address
from storage.database import make_engine, upgrade
from storage.unit_of_work import UnitOfWork

from knowledge.answer import Answerer
from knowledge.loader import load_plan
from knowledge.schema import Plan, UnitDirectory

ROOT = Path(__file__).resolve().parent.parent
PLAN_ID = "hanoi-2024-70-nam-giai-phong-thu-do"
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def plan_and_units() -> tuple[Plan, UnitDirectory]:
    return load_plan(PLAN_ID)


@pytest.fixture(scope="session")
def plan(plan_and_units: tuple[Plan, UnitDirectory]) -> Plan:
    return plan_and_units[0]


@pytest.fixture(scope="session")
def answerer(plan_and_units: tuple[Plan, UnitDirectory]) -> Answerer:
    return Answerer(*plan_and_units)


PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
DURING_PLAN = dt.date(2024, 8, 1)  # a day when tổng kết dossiers are still accepted


def _postgres_or_skip() -> None:
    import psycopg

    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A fresh schema of the test database, dropped afterwards: tests never see each other's rows."""
    import psycopg

    _postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


@pytest.fixture()
def redis_prefix() -> Iterator[str]:
    """A key prefix of its own in the test Redis, its keys deleted afterwards; skipped when Redis is unreachable,
    except when `CI` is set."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is required in CI: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex[:12]}:"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/bot.db"
    return request.getfixturevalue("postgres_url")


def _migrated(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    return engine


@pytest.fixture()
def engine(database_url: str) -> Iterator[Engine]:
    """The database of a storage or wizard test: SQLite and PostgreSQL in turn."""
    engine = _migrated(database_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """The database of channel tests, whose subject is the channel and not the storage."""
    engine = _migrated(f"sqlite:///{tmp_path}/bot.db")
    yield engine
    engine.dispose()


def make_conversation(answerer: Answerer, engine: Engine, day: dt.date | Callable[[], dt.date] = TODAY,
                      receivers: Callable[[str], list[Address]] = lambda _body: []) -> Conversation:
    clock = day if callable(day) else (lambda: day)
    return Conversation([answerer], lambda: UnitOfWork(engine), clock, receivers)
