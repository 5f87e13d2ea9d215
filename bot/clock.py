"""Today's date in Vietnam, unless a fixed date is injected (BOT_TODAY or --today)."""
from __future__ import annotations

import datetime as dt

from knowledge.dates import TIMEZONE


def today(fixed: dt.date | None = None) -> dt.date:
    return fixed or dt.datetime.now(TIMEZONE).date()
