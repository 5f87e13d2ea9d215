"""The outbound port: what a platform's channel offers for sending, and one way of sending a reply through any of them.

`send_text` is all a channel must have. Choices, documents and "typing" are capabilities a channel may add; where it
lacks one, the reply degrades to text (choices as a numbered list, a document announced), as Rasa's output channels
do. The registry finds the channel of any address: a reply to someone on another platform, a receiver's notice and
an announcement all leave through it."""
from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from bot.console import render
from bot.retry import ErrorKinds, call_with_retry
from handlers.events import Choice, Document, Reply
from handlers.texts import Texts

log = logging.getLogger(__name__)


@functools.cache
def _notices() -> Texts:
    """The texts a channel that cannot send a document says instead (built once, when first needed)."""
    return Texts({})


@runtime_checkable
class OutputChannel(Protocol):
    """A platform's way out: `limit` characters a message, `errors` how its library reports failures."""

    platform: str
    limit: int
    errors: ErrorKinds

    async def send_text(self, chat_id: str, text: str) -> None: ...


@runtime_checkable
class SendsChoices(Protocol):
    async def send_choices(self, chat_id: str, text: str, choices: tuple[Choice, ...]) -> None: ...


@runtime_checkable
class SendsDocuments(Protocol):
    async def send_document(self, chat_id: str, document: Document) -> None: ...


@runtime_checkable
class ShowsTyping(Protocol):
    async def show_typing(self, chat_id: str) -> None: ...


class Outbox(Protocol):
    """Sends notices the core wrote into the delivery ledger, now, each once (the scheduler)."""

    async def send_now(self, ids: Sequence[int]) -> None: ...


class Registry:
    """The channels served here by platform, and the outbox of this process (None: notices wait for a scheduler)."""

    def __init__(self, channels: Iterable[OutputChannel] = (), outbox: Outbox | None = None) -> None:
        self.channels: dict[str, OutputChannel] = {c.platform: c for c in channels}
        self.outbox = outbox

    def add(self, channel: OutputChannel) -> None:
        self.channels[channel.platform] = channel

    def of(self, platform: str) -> OutputChannel | None:
        return self.channels.get(platform)


def split_paragraphs(text: str, limit: int) -> list[str]:
    """Pieces under `limit`, cut between paragraphs, then between lines, then between words."""
    pieces: list[str] = []
    current = ""
    for block in text.split("\n"):
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(block) > limit:
            cut = block.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(block[:cut])
            block = block[cut:].lstrip()
        current = block
    if current:
        pieces.append(current)
    return pieces or [""]


def as_text(reply: Reply, channel: OutputChannel) -> str:
    """The reply's text, with what the channel cannot show otherwise: its choices listed, its document announced."""
    parts = [reply.text if isinstance(channel, SendsChoices) else render(reply)]
    if reply.document and not isinstance(channel, SendsDocuments):
        parts += [reply.document.caption, _notices().render("files/no_link.j2", name=reply.document.filename,
                                                            platform=channel.platform.capitalize())]
    return "\n\n".join(p for p in parts if p.strip())


async def send_reply(channel: OutputChannel, chat_id: str, reply: Reply) -> None:
    """A reply in messages of the channel's size, its choices with the last; each call retried as the platform
    asks (a 429's wait, network errors), a blocked chat skipped."""
    if reply.document and isinstance(channel, SendsDocuments):
        document = reply.document
        await call_with_retry(lambda: channel.send_document(chat_id, document), channel.errors, chat_id)
    choices = reply.choices if isinstance(channel, SendsChoices) else ()
    pieces = split_paragraphs(as_text(reply, channel), channel.limit)
    for i, piece in enumerate(pieces):
        if choices and i == len(pieces) - 1:
            await call_with_retry(lambda p=piece: channel.send_choices(chat_id, p, choices),  # type: ignore[union-attr]
                                  channel.errors, chat_id)
        elif piece.strip():
            await call_with_retry(lambda p=piece: channel.send_text(chat_id, p), channel.errors, chat_id)


async def show_typing(channel: OutputChannel, chat_id: str) -> None:
    """"Typing" where the platform shows it; only cosmetic, so a failure is logged and the answer follows."""
    if not isinstance(channel, ShowsTyping):
        return
    try:
        await call_with_retry(lambda: channel.show_typing(chat_id), channel.errors, chat_id)
    except Exception as exc:
        log.info("typing not shown in %s chat %s: %s", channel.platform, chat_id, type(exc).__name__)
