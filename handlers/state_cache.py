"""The chats' states last committed, with their versions, kept in memory so that a question about the plan needs
no database read.

Written through: the database has every state before the cache does, so a restart loses nothing. Where one
process serves a bot's chats (SQLite), no other writer makes an entry stale and the cache is used as it is. Where
several may (PostgreSQL), the core checks an entry's version against the database's before using it. The core
runs in worker threads: every operation holds the cache's lock."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

DEFAULT_SIZE = 50_000  # above a large city's officers (about 20,000), at a few hundred bytes each
Versioned = tuple[int, dict[str, Any]]


class StateCache:
    """Filled once from the database's most recent states: while it holds them all (`complete`), a chat it does
    not know has no state, and even a chat's first message needs no database read."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, Versioned] = OrderedDict()
        self._lock = threading.Lock()
        self.filled = self.complete = False

    def fill(self, newest_first: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Up to `size + 1` states, the most recently updated first. Only the first fill counts: a thread that read
        the database at the same time as another must not put back states older than those written since."""
        with self._lock:
            if self.filled:
                return
            for key, version, state in reversed(newest_first[:self.size]):
                self._items[key] = (version, state)
            self.filled, self.complete = True, len(newest_first) <= self.size

    def lookup(self, key: str) -> Versioned | None:
        """The chat's version and state; (0, {}) for a chat with none when the cache holds every state; None when
        unknown here."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return (0, {}) if self.complete else None

    def put(self, key: str, version: int, state: dict[str, Any]) -> None:
        with self._lock:
            self._items[key] = (version, state)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
                self.complete = False
