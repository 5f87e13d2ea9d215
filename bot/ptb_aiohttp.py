"""python-telegram-bot's requests over aiohttp (already installed with aiogram): its default, httpx, peaks at about
200 requests/s on this 2-core machine, which caps the PTB backend well below the aiogram one."""
from __future__ import annotations

import asyncio

import aiohttp
from telegram._utils.defaultvalue import DEFAULT_NONE  # PTB's documented way to tell "not given" from None
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    def __init__(self, read_timeout: float = 15.0, connections: int = 32) -> None:
        self._read_timeout = read_timeout
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections))

    async def shutdown(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: ODVInput[float] = DEFAULT_NONE, write_timeout: ODVInput[float] = DEFAULT_NONE,
                         connect_timeout: ODVInput[float] = DEFAULT_NONE,
                         pool_timeout: ODVInput[float] = DEFAULT_NONE) -> tuple[int, bytes]:
        await self.initialize()
        assert self._session is not None
        wait = self._read_timeout if read_timeout is DEFAULT_NONE else read_timeout
        try:
            async with self._session.request(method, url, data=self._body(request_data),
                                             timeout=aiohttp.ClientTimeout(total=wait)) as response:
                return response.status, await response.read()
        except asyncio.TimeoutError as exc:
            raise TimedOut() from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp: {exc}") from exc

    @staticmethod
    def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
        if request_data is None:
            return None
        if not request_data.contains_files:
            return request_data.json_parameters
        form = aiohttp.FormData()
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, upload in request_data.multipart_data.items():
            filename, content, *mime = upload
            form.add_field(name, content, filename=filename, content_type=mime[0] if mime else None)
        return form
