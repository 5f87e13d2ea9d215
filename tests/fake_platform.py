"""What the fake Telegram and Zalo servers share: an aiohttp server on 127.0.0.1 that answers
`/bot<token>/<method>`, records every call, and lets a test wait for the calls it expects."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from aiohttp import web


class FakeBotServer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.stamps: list[float] = []  # time.perf_counter() of each call, parallel to `calls`
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        return await self.start_on(0)

    async def start_on(self, port: int) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._route)
        self._add_routes(app)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def sent(self, method: str = "sendMessage") -> list[dict]:
        return [data for m, data in self.calls if m == method]

    def to_chat(self, chat_id: int | str) -> list[dict]:
        return [m for m in self.sent() if str(m["chat_id"]) == str(chat_id)]

    async def wait_for_chat(self, chat_id: int | str, count: int, timeout: float = 10.0) -> list[dict]:
        """The messages sent to one chat, once there are `count` of them."""
        return await self.wait_until(lambda: self.to_chat(chat_id), count, timeout, f"chat {chat_id}")

    async def wait_for(self, method: str, count: int, timeout: float = 10.0) -> list[dict]:
        return await self.wait_until(lambda: self.sent(method), count, timeout, method)

    async def wait_until(self, calls: Callable[[], list[dict]], count: int, timeout: float, what: str) -> list[dict]:
        """`calls()` once it holds `count` calls (polled; fails after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while len(calls()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: {len(calls())} of {count} calls; all: {self.calls}")
            await asyncio.sleep(0.01)
        return calls()

    async def wait_true(self, condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
        """Returns once `condition()` is true (polled; fails after `timeout` seconds): a test waits for what it
        expects to have happened, never for a fixed time that a loaded machine may overrun."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not after {timeout} s; all calls: {self.calls}")
            await asyncio.sleep(0.01)

    def _add_routes(self, app: web.Application) -> None:
        """More routes of a subclass's own (control routes)."""

    async def _route(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.can_read_body else {}
        if request.content_type == "application/json":
            data = await request.json()
        self.calls.append((method, data))
        self.stamps.append(time.perf_counter())
        return await self._handle(method, data)

    async def _handle(self, method: str, data: dict) -> web.Response:
        raise NotImplementedError
