"""The secretariat's overview as a web page of the bot's web server (`GET /tong-hop?t=<link>&…filters`), opened by
the signed link `/tonghop` gives an admin. The link names the plan; the page is read-only, plain HTML from the
core's template (`handlers/templates/overview/page.html.j2`).

Refused with 403 when the link is not this bot's, is for another page or plan, or its holder is no longer an admin;
410 once it has expired."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from bot.signed_links import LinkRefused, LinkSigner
from bot.webhook import Page
from handlers.conversation import Conversation

PATH, PURPOSE = "/tong-hop", "overview"
HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def overview_url(signer: LinkSigner | None) -> Callable[[str, str], str | None]:
    """The page's signed address for an admin (holder) and a plan; none without a public address."""
    return lambda holder, plan_id: signer.url(PATH, PURPOSE, holder, plan_id) if signer else None


def overview_page(signer: LinkSigner, conversation: Conversation) -> Page:
    """The page, checking links with `signer` and showing the plans `conversation` serves."""
    async def show(request: web.Request) -> web.Response:
        token = request.query.get("t", "")
        try:
            grant = signer.check(token, PURPOSE)
        except LinkRefused as refused:
            return _refused(conversation, refused.status)
        html = await asyncio.to_thread(_render, conversation, grant.resource, grant.holder, request, token)
        if html is None:
            return _refused(conversation, LinkRefused.status)
        return web.Response(text=html, content_type="text/html", headers=HEADERS)

    return Page(PATH, show)


def _render(conversation: Conversation, plan_id: str, holder: str, request: web.Request, token: str) -> str | None:
    desk = conversation.desks.get(plan_id)
    if desk is None:  # a plan no longer served
        return None
    with conversation.uow() as uow:
        uow.scope(desk.plan.id, desk.plan.units)
        return desk.secretariat.page(uow, conversation.today(), holder, request.query, token)


def _refused(conversation: Conversation, status: int) -> web.Response:
    desk = conversation.desks[conversation.catalog.default]
    html = desk.secretariat.refused(expired=status != LinkRefused.status)
    return web.Response(status=status, text=html, content_type="text/html", headers=HEADERS)
