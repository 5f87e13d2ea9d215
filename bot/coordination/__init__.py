"""What the processes serving one bot must agree on: one chat's updates one at a time, an update applied once,
push rates and pauses. Each part has an in-process implementation (one process: the default) and a Redis one
(several processes, when REDIS_URL is set); the composition root picks one set, and nothing else knows which."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.coordination.limits import Gates, LocalGates, LocalPauses, Pauses
from bot.coordination.locks import ChatLocks, LocalChatLocks
from bot.coordination.seen import NothingShared, Seen
from bot.coordination.turns import Turns


async def _nothing_to_close() -> None:
    return None


@dataclass(frozen=True)
class Coordination:
    locks: ChatLocks
    seen: Seen
    gates: Gates
    pauses: Pauses
    close: Callable[[], Awaitable[None]] = _nothing_to_close

    def turns(self, platform: str) -> Turns:
        """The turns of the chats of the bot on `platform`."""
        return Turns(self.locks, self.seen, platform)


def local() -> Coordination:
    """One process serves the bot: everything in its memory, the database's record of applied updates alone."""
    return Coordination(LocalChatLocks(), NothingShared(), LocalGates(), LocalPauses())
