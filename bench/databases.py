"""The benchmarks' databases: a new SQLite file, or a PostgreSQL schema of its own dropped afterwards."""
from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import Engine, text

PG = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A new schema of the test database (its name), dropped afterwards with everything in it."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield schema
    finally:
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def in_schema(schema: str) -> str:
    return f"{PG}?options=-csearch_path%3D{schema}"


def analyse(engine: Engine) -> None:
    """What PostgreSQL's autovacuum does after a load (SQLite is never analysed in production)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


@contextmanager
def fresh_url(kind: str) -> Iterator[str]:
    """The URL of a new, empty database of `kind` ("SQLite" or "PostgreSQL")."""
    if kind == "SQLite":
        yield f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        return
    with postgres_schema() as schema:
        yield in_schema(schema)
