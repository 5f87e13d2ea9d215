"""One transaction per incoming event: everything a handler changes is committed together, or not at all."""
from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlmodel import Session

from storage.database import checkpoint
from storage.ledger import Ledger
from storage.repository import Attachments, Audit, Members, Nominations, States, Units, Updates, Users


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False)
        self.users, self.units = Users(self.session), Units(self.session)
        self.nominations, self.attachments = Nominations(self.session), Attachments(self.session)
        self.states, self.audit = States(self.session), Audit(self.session)
        self.ledger, self.updates, self.members = Ledger(self.session), Updates(self.session), Members(self.session)
        self.erased = False
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()  # anything not committed is dropped
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        if self.erased:
            checkpoint(self.engine)
            self.erased = False

    def erasing(self) -> None:
        """Personal data is deleted in this transaction: once committed, no copy may stay in the database files."""
        self.erased = True
