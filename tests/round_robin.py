"""A load balancer for the tests: requests to its address (webhook POSTs, GETs of the pages) go to the next of several
bot processes in turn, as nginx's default upstream does. A process that is down answers 502 through it, and the
sender (the fake Telegram) delivers the update again. A process can be drained: it gets no new request, and the
balancer says when its last one is done."""
from __future__ import annotations

import asyncio
import itertools

import aiohttp
from aiohttp import web
from multidict import CIMultiDictProxy


PASSED_BACK = ("content-type", "content-disposition", "cache-control")  # what the tests read of an answer


def _passed(headers: CIMultiDictProxy[str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}


class RoundRobin:
    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self._turn = itertools.cycle(range(len(ports)))
        self.drained: set[int] = set()
        self.in_flight = [0] * len(ports)
        self.served = [0] * len(ports)  # requests each process answered
        self._idle = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._http:
            await self._http.close()
        if self._runner:
            await self._runner.cleanup()

    async def drain(self, index: int) -> None:
        """No new request goes to process `index`; returns once the ones it has are answered."""
        self.drained.add(index)
        async with self._idle:
            await self._idle.wait_for(lambda: self.in_flight[index] == 0)

    def restore(self, index: int) -> None:
        self.drained.discard(index)

    def _next(self) -> int:
        for _ in self.ports:
            index = next(self._turn)
            if index not in self.drained:
                return index
        raise web.HTTPBadGateway()

    async def _forward(self, request: web.Request) -> web.Response:
        index = self._next()
        self.in_flight[index] += 1
        try:
            assert self._http
            async with self._http.request(request.method, f"http://127.0.0.1:{self.ports[index]}{request.path_qs}",
                                          data=await request.read(), headers=_passed(request.headers)) as response:
                self.served[index] += 1
                return web.Response(status=response.status, body=await response.read(),
                                    headers={k: v for k, v in response.headers.items() if k.lower() in PASSED_BACK})
        except (aiohttp.ClientConnectionError, asyncio.TimeoutError):
            return web.Response(status=502)
        finally:
            self.in_flight[index] -= 1
            async with self._idle:
                self._idle.notify_all()
