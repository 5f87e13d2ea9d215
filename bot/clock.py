"""Today's date in Hanoi, unless a fixed date is injected (BOT_TODAY or --today)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today(fixed: dt.date | None = None) -> dt.date:
    return fixed or dt.datetime.now(TIMEZONE).date()
