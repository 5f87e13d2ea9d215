"""The webhook server: one aiohttp server for every channel in webhook mode, a route per channel (the path of its
public URL) with its own secret header, plus `GET /healthz` and the pages opened by signed links (`Page`).

A route checks the secret (403 otherwise), handles the update, then answers 200. Handling before answering means
an update is never acknowledged and then lost: if the process stops first, the platform delivers it again."""
from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from aiohttp import web

log = logging.getLogger(__name__)
Feed = Callable[[dict], Awaitable[None]]


class NotAnUpdate(ValueError):
    """A webhook body that is JSON but not an update of the platform: answered 400, logged in one line."""


@dataclass(frozen=True)
class Route:
    path: str
    secret_header: str
    secret: str
    feed: Feed


@dataclass(frozen=True)
class Page:
    """A page the server shows on GET (opened by a signed link: the page checks it)."""

    path: str
    show: Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebhookServer:
    def __init__(self, listen: str, routes: Sequence[Route], pages: Sequence[Page] = ()) -> None:
        host, _, port = listen.rpartition(":")
        self.host, self.port = host or "0.0.0.0", int(port)
        paths = [r.path for r in routes] + [p.path for p in pages]
        if len(set(paths)) != len(paths) or "/healthz" in paths:
            raise ValueError(f"webhook and page paths must differ from each other and from /healthz: {paths}")
        self.app = web.Application()
        for route in routes:
            self.app.router.add_post(route.path, self._receiver(route))
        for page in pages:
            self.app.router.add_get(page.path, page.show)
        self.app.router.add_get("/healthz", self._health)
        self._runner: web.AppRunner | None = None

    async def start(self) -> int:
        self._runner = web.AppRunner(self.app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    @staticmethod
    def _receiver(route: Route) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(route.secret_header, "")
            if not hmac.compare_digest(given.encode(), route.secret.encode()):
                return web.Response(status=403, text="forbidden")
            try:
                update = await request.json()
            except (json.JSONDecodeError, UnicodeDecodeError):
                return web.Response(status=400, text="bad json")
            try:
                if not isinstance(update, dict):
                    raise NotAnUpdate(f"a JSON {type(update).__name__}, not an object")
                await route.feed(update)
            except NotAnUpdate as exc:
                log.warning("webhook %s: not an update (%s)", route.path, exc)
                return web.Response(status=400, text="not an update")
            return web.Response(text="ok")

        return receive

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")
