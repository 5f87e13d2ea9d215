"""Typed button payloads of the review loop: one class packs and unpacks each, so a payload is never built in one
file and split by hand in another (aiogram's `CallbackData`)."""
from __future__ import annotations

from dataclasses import dataclass

PREFIX = "r"


@dataclass(frozen=True)
class ReviewAction:
    """An action on one row: 'r:<action>:<id>' (a receiver to revoke, a nomination to open or act on, a page)."""

    action: str
    target: int

    def pack(self) -> str:
        return f"{PREFIX}:{self.action}:{self.target}"

    @classmethod
    def unpack(cls, payload: str) -> ReviewAction | None:
        """None for anything that is not one of these payloads (a forged or mangled button)."""
        prefix, _, rest = payload.partition(":")
        action, _, target = rest.partition(":")
        if prefix != PREFIX or not action or not target.isdigit():
            return None
        return cls(action, int(target))
