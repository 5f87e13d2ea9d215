"""A small async client of the Zalo Bot Platform (not the Official Account API): JSON POSTs to
`{base}/bot<TOKEN>/<method>`, every answer judged on the envelope's `ok`, never on the HTTP status.

The token is part of every URL, so no URL and no message of the HTTP library is ever put into an error or a log."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp

from bot.retry import ErrorKinds

log = logging.getLogger(__name__)
IDLE = 408  # getUpdates: nobody wrote during the poll


class ZaloError(Exception):
    """The platform answered `ok: false`; `code` is its `error_code`."""

    def __init__(self, method: str, code: int, description: str) -> None:
        super().__init__(f"{method}: {code} {description}")
        self.method, self.code, self.description = method, code, description


class ZaloQuotaExceeded(ZaloError):
    """429 "Quota exceeded": reportedly the plan's monthly message quota, so it lasts hours, not seconds."""


class ZaloNetworkError(ZaloError):
    """No envelope came back: a network failure, a timeout, or a body that is not JSON (a gateway's 5xx page)."""


def transient(exc: Exception) -> bool:
    return isinstance(exc, ZaloNetworkError) or isinstance(exc, ZaloError) and exc.code >= 500


def refused(exc: ZaloError) -> bool:
    """A request the platform rejected as such (a bad parameter), not a quota, a token or a transient failure."""
    return not transient(exc) and exc.code not in (401, 429)


# 429 is not retried: waiting seconds does not help a monthly quota, and a caller must be able to pause on it.
ERRORS = ErrorKinds(retry_after=lambda e: None, network=transient, blocked=lambda e: False,
                    quota=lambda e: isinstance(e, ZaloQuotaExceeded))


def _code(body: dict[str, Any]) -> int:
    try:
        return int(body.get("error_code") or 0)
    except (TypeError, ValueError):
        return 0


class ZaloClient:
    def __init__(self, token: str, api_base: str = "https://bot-api.zaloplatforms.com") -> None:
        self._root = f"{api_base.rstrip('/')}/bot{token}"
        self._session: aiohttp.ClientSession | None = None

    async def call(self, method: str, params: dict[str, Any] | None = None, wait: float = 15.0) -> Any:
        """The `result` of one method; raises ZaloError (ZaloQuotaExceeded for 429) when `ok` is false."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        try:
            async with self._session.post(f"{self._root}/{method}", json=params or {},
                                          timeout=aiohttp.ClientTimeout(total=wait)) as response:
                status, raw = response.status, await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            raise ZaloNetworkError(method, 0, type(exc).__name__) from None  # its message may hold the URL
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            raise ZaloNetworkError(method, status, "no JSON envelope")
        if body.get("ok") is True:
            return body.get("result")
        code, description = _code(body) or status, str(body.get("description") or "")
        raise (ZaloQuotaExceeded if code == 429 else ZaloError)(method, code, description)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe")

    async def get_updates(self, timeout: int = 30) -> dict[str, Any] | None:
        """One update, or None when the poll ended idle (408, with HTTP 408 or 200, or an empty result)."""
        try:
            update = await self.call("getUpdates", {"timeout": timeout}, wait=timeout + 10)
        except ZaloError as exc:
            if exc.code == IDLE:
                return None
            raise
        return update if isinstance(update, dict) and update else None

    async def send_message(self, chat_id: str, text: str, parse_mode: str | None = None) -> dict[str, Any]:
        """Sends `text` (1–2,000 characters); when the platform refuses `parse_mode`, the same text again, plain."""
        params = {"chat_id": chat_id, "text": text}
        if parse_mode:
            try:
                return await self.call("sendMessage", {**params, "parse_mode": parse_mode})
            except ZaloError as exc:
                if not refused(exc):
                    raise
                log.info("sendMessage refused parse_mode %s (%s); sent as plain text", parse_mode, exc.code)
        return await self.call("sendMessage", params)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """The webhook set, or None when there is none (the platform answers 404)."""
        try:
            return await self.call("getWebhookInfo")
        except ZaloError as exc:
            if exc.code == 404:
                return None
            raise
