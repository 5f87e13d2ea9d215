"""The webhook endpoint: checks the secret header (403 otherwise), handles the update, then answers 200.

Handling before answering means an update is never acknowledged and then lost: if the process stops first,
the platform delivers it again."""
from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

log = logging.getLogger(__name__)
Feed = Callable[[dict], Awaitable[None]]


class WebhookServer:
    def __init__(self, listen: str, path: str, secret_header: str, secret: str, feed: Feed) -> None:
        host, _, port = listen.rpartition(":")
        self.host, self.port = host or "0.0.0.0", int(port)
        self.secret_header, self.secret, self.feed = secret_header, secret, feed
        self.app = web.Application()
        self.app.router.add_post(path, self._receive)
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

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(self.secret_header, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            update = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return web.Response(status=400, text="bad json")
        await self.feed(update)
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")
