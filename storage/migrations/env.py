"""Alembic environment: runs on the engine the caller passes (storage.database.upgrade)."""
from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite:  # batch mode rebuilds a table others refer to: keys are off while it does (outside a transaction)
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=sqlite)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        raw.execute("PRAGMA foreign_keys=ON")
