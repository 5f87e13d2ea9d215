"""The chats' states last committed, kept in memory so that a question about the plan needs no database read.

Written through: the database has every state before the cache does, so a restart loses nothing. One process
serves a bot's chats (as Telegram's polling requires), so no other writer makes an entry stale."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

DEFAULT_SIZE = 10_000


class StateCache:
    """Filled once from the database's most recent states: while it holds them all (`complete`), a chat it does
    not know has no state, and even a chat's first message needs no database read."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.filled = self.complete = False

    def fill(self, newest_first: list[tuple[str, dict[str, Any]]]) -> None:
        """Up to `size + 1` states, the most recently updated first."""
        for key, state in reversed(newest_first[:self.size]):
            self._items[key] = state
        self.filled, self.complete = True, len(newest_first) <= self.size

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def get(self, key: str) -> dict[str, Any]:
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: str, state: dict[str, Any]) -> None:
        self._items[key] = state
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
            self.complete = False
