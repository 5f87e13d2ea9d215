"""What a handler gets for one incoming event: the event, its transaction, the chat's state and the user."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    user: User
    offered: list[Choice]
