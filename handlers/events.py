"""What reaches the core from any channel, and what it sends back: no platform types here."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Incoming:
    """One update from a user: typed text, a command, a pressed button (payload) or an attachment."""

    platform: str
    chat_id: str
    user_id: str
    text: str = ""
    payload: str | None = None
    attachment: str | None = None  # "photo", "document", "sticker", "voice", ...
    origin: str | None = None  # the message whose button was pressed

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
class Reply:
    """Plain text (channels escape it for their markup) and the choices offered with it."""

    text: str
    choices: tuple[Choice, ...] = field(default_factory=tuple)
