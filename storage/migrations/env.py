"""Alembic environment: runs on the engine the caller passes (storage.database.upgrade)."""
from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

MIGRATION_LOCK = 0x7472_6F6C_7974_6864  # PostgreSQL advisory lock key: processes starting together migrate in turn

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite:  # batch mode rebuilds a table others refer to: keys are off while it does (outside a transaction)
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=sqlite)
    with context.begin_transaction():
        if not sqlite:  # held to the end of this transaction: the next process then finds nothing to do
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        context.run_migrations()
    connection.commit()
    if sqlite:
        raw.execute("PRAGMA foreign_keys=ON")
