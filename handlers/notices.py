"""Notices: an event's replies to someone other than its sender (a receiver told of a submission, an officer of a
return), written into the delivery ledger in the event's own transaction. The ledger is their outbox: a crash after
the commit loses none (the scheduler sends what is still pending), and an update delivered again posts none twice
(the key names the event and the notice's place among its replies).

Files are not kept: a notice with files for the sender's own platform is left to the channel, which sends it as it
is; for another platform its text is posted, saying where the files can be had."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid

from storage.unit_of_work import UnitOfWork

from handlers.events import Incoming, Reply
from handlers.texts import Texts


def post(uow: UnitOfWork, event: Incoming, replies: list[Reply], now: dt.datetime, texts: Texts) -> list[Reply]:
    """The replies, each notice replaced by its posted copy (which names its ledger row); one posted already is
    left out."""
    kept = []
    for place, reply in enumerate(replies):
        files = reply.document is not None or reply.later is not None
        if reply.to is None or files and reply.to.platform == event.platform:
            kept.append(reply)
            continue
        parts = [reply.text]
        if files:
            parts += [reply.document.caption if reply.document else "",
                      texts.render("notice_files.j2", platform=event.platform.capitalize())]
        text = "\n\n".join(p for p in parts if p.strip())
        row = uow.ledger.post(reply.to.platform, reply.to.chat_id, text, _key(event, place), now)
        if row is not None:
            kept.append(dataclasses.replace(reply, text=text, document=None, later=None, outbox=row))
    return kept


def _key(event: Incoming, place: int) -> str:
    """The same for the same update (applied once, but a retried transaction must not post twice); an event
    without an update id (the console) is never delivered again."""
    if event.update_id is None:
        return f"n:{uuid.uuid4().hex}"
    named = f"{event.platform}\n{event.chat_id}\n{event.update_id}\n{place}"
    return "n:" + hashlib.sha256(named.encode()).hexdigest()[:40]
