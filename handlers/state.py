"""Per-chat conversation state behind a small interface (in memory now; the database later)."""
from __future__ import annotations

from typing import Protocol


class StateStore(Protocol):
    def get(self, key: str) -> dict[str, object]: ...

    def set(self, key: str, state: dict[str, object]) -> None: ...


class MemoryStateStore:
    def __init__(self) -> None:
        self._data: dict[str, dict[str, object]] = {}

    def get(self, key: str) -> dict[str, object]:
        return dict(self._data.get(key, {}))

    def set(self, key: str, state: dict[str, object]) -> None:
        self._data[key] = dict(state)
