"""What a handler gets for one incoming event: the event, its transaction, the chat's state and the user."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
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

    @cached_property
    def user(self) -> User:
        """Looked up (or created) only by the handlers that need it: a question about the plan does not."""
        return self.uow.users.get_or_create(self.event.platform, self.event.user_id)
