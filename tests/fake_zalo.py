"""A fake Zalo Bot Platform server (aiohttp on 127.0.0.1) for the channel tests, behaving as docs/zalo.md records:
getUpdates hands out ONE update per call and answers an idle poll with error 408 (as HTTP 408 or HTTP 200), ids
are strings, errors come in the `{ok, error_code, description}` envelope, webhooks need https and an 8–256 secret.
It records every call; switches refuse `parse_mode` and make the next calls fail (429 quota, 5xx)."""
from __future__ import annotations

import asyncio
import itertools
import time

import aiohttp
from aiohttp import web

from tests.fake_platform import FakeBotServer

BOT = {"id": "1459232241454765289", "account_name": "bot.TroLyThiDua", "account_type": "BASIC",
       "can_join_groups": True}
MAX_POLL = 0.3  # seconds an idle getUpdates is held at most, so that tests stop fast
TEXT_LIMIT = 2000
EVENTS = {"text": "message.text.received", "image": "message.image.received", "sticker": "message.sticker.received",
          "voice": "message.voice.received", "unsupported": "message.unsupported.received"}


def _error(code: int, description: str, status: int | None = None) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=status or code)


def wrapped(update: dict) -> dict:
    """The body shape of the docs' webhook sample; the flat shape is the update itself."""
    return {"ok": True, "result": update}


class FakeZalo(FakeBotServer):
    def __init__(self) -> None:
        super().__init__()
        self.idle_http_status = 408  # the HTTP status of an idle poll's 408 envelope: 408 or 200, both reported
        self.refuse_parse_mode = False
        self.webhook: dict | None = None
        self._updates: asyncio.Queue[dict] = asyncio.Queue()
        self._ids = itertools.count(1)
        self._failures: dict[str, list[tuple[int, str, bool]]] = {}

    # -- what users do -------------------------------------------------------------------------------------------
    def update(self, chat_id: str, kind: str = "text", text: str = "", chat_type: str = "PRIVATE",
               message_id: str | None = None, **fields: object) -> dict:
        """An update as the platform delivers it (flat), not queued; `kind` is a key of EVENTS."""
        message = {"message_id": message_id or self._id(), "date": int(time.time() * 1000),
                   "from": {"id": chat_id, "display_name": "Cán bộ", "is_bot": False},
                   "chat": {"id": chat_id, "chat_type": chat_type}, **fields}
        if text:
            message["text"] = text
        return {"event_name": EVENTS[kind], "message": message}

    def user_says(self, chat_id: str, text: str, **fields: object) -> dict:
        return self.deliver(self.update(chat_id, "text", text, **fields))

    def user_sends(self, chat_id: str, kind: str, **fields: object) -> dict:
        return self.deliver(self.update(chat_id, kind, **fields))

    def deliver(self, update: dict) -> dict:
        """Queues an update for getUpdates (again, for a redelivery)."""
        self._updates.put_nowait(update)
        return update

    async def post_webhook(self, url: str, body: dict, secret: str | None) -> int:
        """POSTs `body` to the bot's webhook as the platform does; the HTTP status it got."""
        headers = {"X-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with aiohttp.ClientSession() as http, http.post(url, json=body, headers=headers) as response:
            return response.status

    def fail_next(self, method: str, code: int, description: str = "", envelope: bool | None = None) -> None:
        """The next call of `method` fails with HTTP status `code`: in the error envelope (by default for 4xx, with
        429's "Quota exceeded"), or as a gateway's HTML page (by default for 5xx)."""
        envelope = code < 500 if envelope is None else envelope
        description = description or ("Quota exceeded" if code == 429 else "")
        self._failures.setdefault(method, []).append((code, description, envelope))

    # -- the server ----------------------------------------------------------------------------------------------
    def _id(self) -> str:
        return f"{next(self._ids):020x}"

    async def _handle(self, method: str, data: dict) -> web.Response:
        if self._failures.get(method):
            code, description, envelope = self._failures[method].pop(0)
            if not envelope:
                return web.Response(status=code, text="<html><body>502 Bad Gateway</body></html>",
                                    content_type="text/html")
            return _error(code, description)
        handler = {"getMe": self._get_me, "getUpdates": self._get_updates, "sendMessage": self._send_message,
                   "sendPhoto": self._send_media, "sendSticker": self._send_media,
                   "sendChatAction": self._send_chat_action, "setWebhook": self._set_webhook,
                   "deleteWebhook": self._delete_webhook, "getWebhookInfo": self._get_webhook_info}.get(method)
        if handler is None:
            return _error(400, "Bad request")
        return await handler(data)

    async def _get_me(self, data: dict) -> web.Response:
        return web.json_response({"ok": True, "result": BOT})

    async def _get_updates(self, data: dict) -> web.Response:
        if self.webhook:  # "getUpdates does not work once a webhook is set"; the real error is not documented
            return _error(400, "Webhook is set")
        try:
            update = await asyncio.wait_for(self._updates.get(), min(MAX_POLL, float(data.get("timeout", 30))))
        except asyncio.TimeoutError:
            return _error(408, "Request timeout", status=self.idle_http_status)
        return web.json_response({"ok": True, "result": update})

    async def _send_message(self, data: dict) -> web.Response:
        text = data.get("text")
        if not data.get("chat_id") or not isinstance(text, str) or not 1 <= len(text) <= TEXT_LIMIT:
            return _error(400, "Bad request", status=200)
        if data.get("parse_mode") and (self.refuse_parse_mode or data["parse_mode"] not in ("markdown", "html")):
            return _error(400, "Invalid parse_mode", status=200)
        return self._sent()

    async def _send_media(self, data: dict) -> web.Response:
        return self._sent()

    def _sent(self) -> web.Response:
        return web.json_response({"ok": True, "result": {"message_id": self._id(), "date": int(time.time() * 1000)}})

    async def _send_chat_action(self, data: dict) -> web.Response:
        return web.json_response({"ok": True})

    async def _set_webhook(self, data: dict) -> web.Response:
        url, secret = str(data.get("url", "")), str(data.get("secret_token", ""))
        if not url.startswith("https://") or not 8 <= len(secret) <= 256:
            return _error(400, "Bad request")
        self.webhook = {"url": url, "updated_at": int(time.time() * 1000)}
        return web.json_response({"ok": True, "result": self.webhook})

    async def _delete_webhook(self, data: dict) -> web.Response:
        self.webhook = None
        return web.json_response({"ok": True, "result": {"url": "", "updated_at": int(time.time() * 1000)}})

    async def _get_webhook_info(self, data: dict) -> web.Response:
        if not self.webhook:
            return _error(404, "Not Found")
        return web.json_response({"ok": True, "result": self.webhook, "error_code": 0})
