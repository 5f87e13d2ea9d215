"""Signed links: what a link gives, and the two ways it is refused (another's or forged: 403; expired: 410)."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.signed_links import LinkExpired, LinkRefused, LinkSigner, derived_secret

NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _signer(now: dt.datetime = NOON, secret: bytes = b"k" * 32) -> LinkSigner:
    return LinkSigner(secret, "https://bot.example.vn/", dt.timedelta(hours=24), lambda: now)


def test_a_link_gives_what_was_signed_until_it_expires() -> None:
    token = _signer().token("file", "zalo:abc", "42")
    grant = _signer(NOON + dt.timedelta(hours=23, minutes=59)).check(token, "file")
    assert (grant.purpose, grant.holder, grant.resource) == ("file", "zalo:abc", "42")
    assert grant.expires == NOON + dt.timedelta(hours=24)
    with pytest.raises(LinkExpired) as expired:
        _signer(NOON + dt.timedelta(hours=24)).check(token, "file")
    assert expired.value.status == 410


@pytest.mark.parametrize("spoil", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # the signature changed
    lambda t: LinkSigner(b"other key", "https://x").token("file", "zalo:abc", "42"),  # another deployment's
    lambda t: t.split(".")[0],  # no signature
    lambda t: "",
    lambda t: "!!!.???",
])
def test_a_forged_link_is_refused(spoil) -> None:
    token = spoil(_signer().token("file", "zalo:abc", "42"))
    with pytest.raises(LinkRefused) as refused:
        _signer().check(token, "file")
    assert refused.value.status == 403


def test_a_link_for_one_page_does_not_open_another() -> None:
    token = _signer().token("file", "telegram:1", "42")
    with pytest.raises(LinkRefused) as refused:
        _signer().check(token, "overview")
    assert refused.value.status == 403


def test_another_holder_or_resource_changes_the_signature() -> None:
    signer = _signer()
    payload, _, signature = signer.token("file", "zalo:abc", "42").partition(".")
    forged = signer.token("file", "zalo:xyz", "43").partition(".")[0]
    with pytest.raises(LinkRefused):
        signer.check(f"{forged}.{signature}", "file")
    assert signer.check(f"{payload}.{signature}", "file").resource == "42"


def test_the_url_is_under_the_public_root() -> None:
    url = _signer().url("/tai-lieu", "file", "zalo:abc", "42")
    assert url.startswith("https://bot.example.vn/tai-lieu?t=")


def test_the_derived_key_depends_on_every_token_not_their_order() -> None:
    assert derived_secret(["a", "b"]) == derived_secret(["b", "a"]) != derived_secret(["a"])
