"""One transaction per incoming event: everything a handler changes is committed together, or not at all."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlmodel import Session

from storage.database import checkpoint, writer
from storage.ledger import Ledger
from storage.repository import (Attachments, Audit, LinkedFiles, Members, Nominations, Receivers, States,
                                Units, Updates, Users)


class UnitOfWork:
    def __init__(self, engine: Engine, plan_id: str | None = None, directory: str | None = None) -> None:
        """`plan_id`, `directory`: the plan whose nominations and subscriptions, and the unit directory whose
        units, the repositories see (None: all, for tools across plans); `scope` sets them once known."""
        self.engine, self.plan_id, self.directory = engine, plan_id, directory

    def __enter__(self) -> UnitOfWork:
        self._writer = writer(self.engine)
        self._writer.__enter__()
        self.session = Session(self.engine, expire_on_commit=False)
        self.users, self.attachments = Users(self.session), Attachments(self.session)
        self.states, self.audit = States(self.session), Audit(self.session)
        self.updates, self.members = Updates(self.session), Members(self.session)
        self.receivers, self.linked_files = Receivers(self.session), LinkedFiles(self.session)
        self.scope(self.plan_id, self.directory)
        self.erased = False
        return self

    @property
    def shared(self) -> bool:
        """Other processes may write this database (PostgreSQL); SQLite is one process's."""
        return self.engine.dialect.name != "sqlite"

    def scope(self, plan_id: str | None, directory: str | None) -> None:
        """From now on in this transaction, the repositories see this plan and this directory."""
        self.plan_id, self.directory = plan_id, directory
        self.units, self.nominations = Units(self.session, directory), Nominations(self.session, plan_id)
        self.ledger = Ledger(self.session, plan_id)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()  # anything not committed is dropped
            self.session.close()
        finally:
            self._writer.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.commit()
        if self.erased:
            checkpoint(self.engine)
            self.erased = False

    def erasing(self) -> None:
        """Personal data is deleted in this transaction: once committed, no copy may stay in the database files."""
        self.erased = True
