"""What reaches the core from any channel, and what it sends back: no platform types here."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """One update from a user: typed text, a command, a pressed button (payload) or an attachment."""

    platform: str
    chat_id: str
    user_id: str
    text: str = ""
    payload: str | None = None
    attachment: str | None = None  # "photo", "document", "sticker", "voice", ...
    attachment_id: str | None = None  # the platform's id (or URL) of the attached file
    attachment_name: str | None = None
    display_name: str = ""
    origin: str | None = None  # the message whose button was pressed
    edited: bool = False  # the user edited a message sent earlier
    update_id: str | None = None  # the platform's id of the delivery: the same one again is applied once

    @property
    def command(self) -> tuple[str, str] | None:
        """('start', 'args') for '/start args' or '/start@BotName args'."""
        if not self.text.startswith("/"):
            return None
        head, _, args = self.text[1:].partition(" ")
        return head.split("@", 1)[0].lower(), args.strip()


@dataclass(frozen=True)
class Choice:
    label: str
    payload: str


@dataclass(frozen=True)
class Document:
    """A file the core produced (a ready-to-sign .docx, an export)."""

    filename: str
    data: bytes
    caption: str = ""


@dataclass(frozen=True)
class Address:
    """Somebody other than the sender: a receiver notified of a submission, a subscriber."""

    platform: str
    chat_id: str

    @classmethod
    def parse(cls, text: str, default_platform: str = "telegram") -> Address:
        """'123' (a Telegram id), 'telegram:123' or 'zalo:abc', as settings list them."""
        platform, _, chat_id = text.strip().rpartition(":")
        return cls(platform or default_platform, chat_id)


@dataclass(frozen=True)
class Reply:
    """Plain text (channels escape it for their markup), the choices offered with it, an optional file,
    and, when it is not for the sender, who it is for. `numbered` is False where a typed number is an answer, not a
    choice (channels that list choices then list them without numbers). `later` makes files after the event's
    transaction has committed and the replies before it are sent (rendering a dossier takes a while: no chat should
    wait on it); each file becomes a reply of its own in the place of this one, whose text is said instead if the
    files cannot be made. `outbox`: the delivery ledger's row a notice (a reply to someone else) was written to in
    the event's transaction; the channel has it sent from there, once."""

    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    document: Document | None = None
    to: Address | None = None
    numbered: bool = True
    later: Callable[[], list[Document]] | None = None
    outbox: int | None = None

    def made(self) -> list[Reply]:
        """This reply, or the files it makes later (its text when they cannot be made: never a traceback)."""
        if self.later is None:
            return [self]
        try:
            return [Reply("", document=d, to=self.to) for d in self.later()]
        except Exception:
            log.exception("files of a reply could not be made")
            return [Reply(self.text, to=self.to)]
