"""What a handler gets for one incoming event: the event, its transaction, the chat's state and the user."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage.models import User
from storage.unit_of_work import UnitOfWork

from handlers.events import Choice, Incoming


@dataclass
class Turn:
    event: Incoming
    uow: UnitOfWork
    state: dict[str, Any]
    today: dt.date
    offered: list[Choice]
    plan_id: str = ""  # the plan this event is handled under (the chat's, or the one a question names)
    _user: User | None = field(default=None, init=False, repr=False)

    @property
    def user(self) -> User:
        """Looked up (or created) only by the handlers that need it: a question about the plan does not.

        A plain memo, not `functools.cached_property`: on Python 3.11 that holds one lock per class while it
        computes, and this computation waits for the database, so two chats' turns would wait on each other."""
        if self._user is None:
            self._user = self.uow.users.get_or_create(self.event.platform, self.event.user_id)
        return self._user
