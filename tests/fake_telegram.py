"""A fake Telegram Bot API server (aiohttp on 127.0.0.1) for the channel tests: queues updates, records calls."""
from __future__ import annotations

import asyncio
import itertools
import json
import time

from aiohttp import web

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Trợ lý Thi đua", "username": "tro_ly_thi_dua_bot"}
MAX_POLL = 0.3  # seconds a getUpdates waits at most, so that tests stop fast


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.stamps: list[float] = []  # time.perf_counter() of each call, parallel to `calls`
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._new = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._failures: dict[str, list[tuple[int | None, int, str, int | None]]] = {}

    async def start(self) -> str:
        return await self.start_on(0)

    async def start_on(self, port: int) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_post("/_push", self._control_push)
        app.router.add_get("/_calls", self._control_calls)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what users do -------------------------------------------------------------------------------------------
    def user_says(self, chat_id: int, text: str, chat_type: str = "private") -> None:
        self._push(self.message_update(chat_id, text, chat_type))

    def message_update(self, chat_id: int, text: str, chat_type: str = "private") -> dict:
        """An update as Telegram would POST it to a webhook (not queued for getUpdates)."""
        return {"update_id": next(self._ids), "message": self._message(chat_id, text, chat_type, user=True)}

    def user_sends_file(self, chat_id: int, kind: str, file_id: str, file_name: str | None = None) -> None:
        """A document (with its name) or a photo (as Telegram sends it: several sizes, no name)."""
        message = self._message(chat_id, "", "private", user=True)
        del message["text"]
        if kind == "photo":
            message["photo"] = [{"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
                                {"file_id": file_id, "file_unique_id": "l", "width": 800, "height": 800}]
        else:
            message["document"] = {"file_id": file_id, "file_unique_id": "d", "file_name": file_name}
        self._push({"message": message})

    def user_taps(self, chat_id: int, data: str, message_id: int | None = None) -> None:
        message = self._message(chat_id, "menu", "private", user=False)
        message["message_id"] = message_id or message["message_id"]
        self._push({"callback_query": {"id": str(next(self._ids)), "from": self._user(chat_id), "chat_instance": "1",
                                       "data": data, "message": message}})

    def fail_next(self, method: str, status: int, description: str, retry_after: int | None = None,
                  chat_id: int | None = None) -> None:
        """The next call of `method` (to `chat_id`, if given) fails as Telegram fails (429 retry_after, 403)."""
        self._failures.setdefault(method, []).append((chat_id, status, description, retry_after))

    # -- what the bot did ----------------------------------------------------------------------------------------
    def sent(self, method: str = "sendMessage") -> list[dict]:
        return [data for m, data in self.calls if m == method]

    async def wait_for(self, method: str, count: int, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.sent(method)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method}: {len(self.sent(method))} of {count} calls; all: {self.calls}")
            await asyncio.sleep(0.01)
        return self.sent(method)

    def to_chat(self, chat_id: int) -> list[dict]:
        return [m for m in self.sent() if str(m["chat_id"]) == str(chat_id)]

    async def wait_for_chat(self, chat_id: int, count: int, timeout: float = 10.0) -> list[dict]:
        """The messages sent to one chat, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while len(self.to_chat(chat_id)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"chat {chat_id}: {len(self.to_chat(chat_id))} of {count} messages")
            await asyncio.sleep(0.01)
        return self.to_chat(chat_id)

    # -- the server ----------------------------------------------------------------------------------------------
    def _push(self, update: dict) -> None:
        self._updates.append({"update_id": next(self._ids), **update} if "update_id" not in update else update)
        self._new.set()

    @staticmethod
    def _user(chat_id: int) -> dict:
        return {"id": chat_id, "is_bot": False, "first_name": "Cán bộ"}

    def _message(self, chat_id: int, text: str, chat_type: str, user: bool) -> dict:
        return {"message_id": next(self._ids), "date": int(time.time()), "text": text,
                "chat": {"id": chat_id, "type": chat_type}, "from": self._user(chat_id) if user else BOT_USER}

    # -- control routes, for a fake run in its own process (`python -m tests.fake_telegram PORT`) ----------------
    async def _control_push(self, request: web.Request) -> web.Response:
        """Body: a list of [chat_id, text]; each becomes a user's message."""
        for chat_id, text in await request.json():
            self.user_says(int(chat_id), str(text))
            self.calls.append(("_pushed", {"chat_id": int(chat_id)}))  # when it entered, for latency
            self.stamps.append(time.perf_counter())
        return web.json_response({"queued": len(self._updates)})

    async def _control_calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method", "sendMessage")
        return web.json_response([[d.get("chat_id"), t] for (m, d), t in zip(self.calls, self.stamps) if m == method])

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.can_read_body else {}
        if request.content_type == "application/json":
            data = await request.json()
        self.calls.append((method, data))
        self.stamps.append(time.perf_counter())
        failure = next((f for f in self._failures.get(method, []) if f[0] in (None, int(data.get("chat_id", 0)))), None)
        if failure:
            self._failures[method].remove(failure)
            _, status, description, retry_after = failure
            body = {"ok": False, "error_code": status, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            return web.json_response(body, status=status)
        return web.json_response({"ok": True, "result": await self._result(method, data)})

    async def _result(self, method: str, data: dict) -> object:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            offset = int(data.get("offset", 0) or 0)
            if not [u for u in self._updates if u["update_id"] >= offset]:
                self._new.clear()
                try:
                    await asyncio.wait_for(self._new.wait(), MAX_POLL)
                except asyncio.TimeoutError:
                    return []
            return [u for u in self._updates if u["update_id"] >= offset]
        if method in ("sendMessage", "editMessageText"):
            markup = data.get("reply_markup")
            return {**self._message(int(data["chat_id"]), str(data.get("text", "")), "private", user=False),
                    **({"reply_markup": json.loads(markup)} if isinstance(markup, str) else {})}
        return True


async def _serve_forever(port: int) -> None:
    fake = FakeTelegram()
    base = await fake.start_on(port)
    print(base, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    import sys
    asyncio.run(_serve_forever(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
