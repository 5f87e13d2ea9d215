"""The chats' states last committed, kept in memory so that a question about the plan needs no database read.

Written through: the database has every state before the cache does, so a restart loses nothing. One process
serves a bot's chats (as Telegram's polling requires), so no other writer makes an entry stale. The core runs in
worker threads: every operation holds the cache's lock."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

DEFAULT_SIZE = 50_000  # above a large city's officers (about 20,000), at a few hundred bytes each


class StateCache:
    """Filled once from the database's most recent states: while it holds them all (`complete`), a chat it does
    not know has no state, and even a chat's first message needs no database read."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.filled = self.complete = False

    def fill(self, newest_first: list[tuple[str, dict[str, Any]]]) -> None:
        """Up to `size + 1` states, the most recently updated first. Only the first fill counts: a thread that read
        the database at the same time as another must not put back states older than those written since."""
        with self._lock:
            if self.filled:
                return
            for key, state in reversed(newest_first[:self.size]):
                self._items[key] = state
            self.filled, self.complete = True, len(newest_first) <= self.size

    def lookup(self, key: str) -> dict[str, Any] | None:
        """The chat's state; {} for a chat with none when the cache holds every state; None when unknown here."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return {} if self.complete else None

    def put(self, key: str, state: dict[str, Any]) -> None:
        with self._lock:
            self._items[key] = state
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
                self.complete = False
