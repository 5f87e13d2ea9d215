"""Signed, expiring links to what the bot's web server shows one person: a file sent where the platform cannot upload
it, the secretariat's overview. A link carries what it shows, to whom and until when, with an HMAC over the three,
so no table of links is kept and any process behind the load balancer can check one.

A link whose signature does not hold, or that shows something else than the page asks for, is refused (403); a
link that holds but is past its time has expired (410)."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

LIFETIME = dt.timedelta(hours=24)


class LinkRefused(Exception):
    """Not a link this bot gave for this page (HTTP 403)."""

    status = 403


class LinkExpired(LinkRefused):
    """A link this bot gave, past its time (HTTP 410)."""

    status = 410


@dataclass(frozen=True)
class Grant:
    """What a link gives: `purpose` names the page ("file", "overview"), `holder` the person it was given to
    ("telegram:123"), `resource` which one of the page's things ("" when the page has one)."""

    purpose: str
    holder: str
    resource: str
    expires: dt.datetime


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derived_secret(tokens: Iterable[str]) -> bytes:
    """A signing key from the bot tokens, for when none is configured: every process of one bot has the same
    tokens, and a key nobody outside the deployment knows."""
    return hashlib.sha256(b"signed-links\0" + "\0".join(sorted(tokens)).encode()).digest()


class LinkSigner:
    def __init__(self, secret: bytes, public_url: str, lifetime: dt.timedelta = LIFETIME,
                 now: Callable[[], dt.datetime] = _utc_now) -> None:
        if not secret:
            raise ValueError("a signing key is needed")
        self.secret, self.public_url, self.lifetime, self.now = secret, public_url.rstrip("/"), lifetime, now

    def _signature(self, payload: str) -> str:
        return _b64(hmac.new(self.secret, payload.encode(), hashlib.sha256).digest())

    def token(self, purpose: str, holder: str, resource: str = "") -> str:
        expires = int((self.now() + self.lifetime).timestamp())
        payload = _b64(json.dumps([purpose, holder, resource, expires], separators=(",", ":")).encode())
        return f"{payload}.{self._signature(payload)}"

    def url(self, path: str, purpose: str, holder: str, resource: str = "") -> str:
        """The public address of `path` (a route of the web server) opened with a new link."""
        return f"{self.public_url}{path}?t={quote(self.token(purpose, holder, resource))}"

    def check(self, token: str, purpose: str) -> Grant:
        """What a link gives, if this bot signed it for `purpose` and it has not expired."""
        payload, _, signature = token.partition(".")
        if not hmac.compare_digest(self._signature(payload).encode(), signature.encode()):
            raise LinkRefused("bad signature")
        try:
            given, holder, resource, expires = json.loads(_unb64(payload))
        except (ValueError, TypeError, binascii.Error) as exc:
            raise LinkRefused("unreadable link") from exc
        if given != purpose:
            raise LinkRefused(f"a link for {given!r}, not {purpose!r}")
        moment = dt.datetime.fromtimestamp(int(expires), dt.UTC)
        if self.now() >= moment:
            raise LinkExpired("expired")
        return Grant(str(given), str(holder), str(resource), moment)
