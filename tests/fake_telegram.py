"""A fake Telegram Bot API server (aiohttp on 127.0.0.1) for the channel tests: queues updates, records calls."""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web
from sqlalchemy import Engine

from bot.output import Registry
from bot.scheduler import Scheduler
from handlers.conversation import Conversation
from tests.fake_platform import FakeBotServer

BOT_USER = {"id": 42, "is_bot": True, "first_name": "Trợ lý Thi đua", "username": "tro_ly_thi_dua_bot"}
MAX_POLL = 0.3  # seconds a getUpdates waits at most, so that tests stop fast
MAX_BATCH = 100  # updates a getUpdates returns at most (its `limit`: 1-100, default 100), as Telegram caps it


def buttons(sent: dict) -> list[tuple[str, str]]:
    """(label, callback data) of each inline button of a sent message's request."""
    markup = sent.get("reply_markup")
    rows = (json.loads(markup) if isinstance(markup, str) else markup or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


class FakeTelegram(FakeBotServer):
    def __init__(self) -> None:
        super().__init__()
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._new = asyncio.Event()
        self._failures: dict[str, list[tuple[int | None, int, str, int | None]]] = {}
        self.documents: list[tuple[int, str, bytes]] = []  # (chat, file name, content) of each sendDocument
        self._holds: dict[tuple[str, int], asyncio.Event] = {}

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_post("/_push", self._control_push)
        app.router.add_get("/_calls", self._control_calls)

    # -- what users do -------------------------------------------------------------------------------------------
    def user_says(self, chat_id: int, text: str, chat_type: str = "private") -> None:
        self._push(self.message_update(chat_id, text, chat_type))

    def deliver(self, update: dict) -> None:
        """Queues an update for getUpdates."""
        self._push(update)

    def message_update(self, chat_id: int, text: str, chat_type: str = "private") -> dict:
        """An update as Telegram would POST it to a webhook (not queued for getUpdates)."""
        return {"update_id": next(self._ids), "message": self._message(chat_id, text, chat_type, user=True)}

    def user_edits(self, chat_id: int, text: str) -> None:
        """An earlier message of the user, edited to `text`."""
        message = {**self._message(chat_id, text, "private", user=True), "edit_date": int(time.time())}
        self._push({"edited_message": message})

    def channel_posts(self, chat_id: int, text: str) -> None:
        self._push({"channel_post": {**self._message(chat_id, text, "channel", user=False), "sender_chat": {
            "id": chat_id, "type": "channel", "title": "Kênh"}}})

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
        self._push(self.tap_update(chat_id, data, message_id))

    def tap_update(self, chat_id: int, data: str, message_id: int | None = None) -> dict:
        """A button tap as Telegram would POST it to a webhook."""
        message = self._message(chat_id, "menu", "private", user=False)
        message["message_id"] = message_id or message["message_id"]
        return {"update_id": next(self._ids), "callback_query": {
            "id": str(next(self._ids)), "from": self._user(chat_id), "chat_instance": "1", "data": data,
            "message": message}}

    def fail_next(self, method: str, status: int, description: str, retry_after: int | None = None,
                  chat_id: int | None = None) -> None:
        """The next call of `method` (to `chat_id`, if given) fails as Telegram fails (429 retry_after, 403)."""
        self._failures.setdefault(method, []).append((chat_id, status, description, retry_after))

    def hold(self, method: str, chat_id: int) -> asyncio.Event:
        """Calls of `method` to `chat_id` are answered only once the returned event is set (a slow network)."""
        return self._holds.setdefault((method, chat_id), asyncio.Event())

    def polled_offsets(self) -> list[int]:
        """The offset of every getUpdates call so far (0 for none): what the bot had confirmed at each."""
        return [int(data.get("offset", 0) or 0) for method, data in self.calls if method == "getUpdates"]

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
        """Body: a list of {"chat": id, "text": ...} (a message typed) or {"chat": id, "data": ...} (a button
        tapped). Answers when they entered, on the fake's clock."""
        for item in await request.json():
            if "data" in item:
                self.user_taps(int(item["chat"]), str(item["data"]))
            else:
                self.user_says(int(item["chat"]), str(item["text"]))
        return web.json_response({"queued": len(self._updates), "at": time.perf_counter()})

    async def _control_calls(self, request: web.Request) -> web.Response:
        """The calls of `method` (default sendMessage) from the `since`-th call on: chat, time (the fake's clock),
        text and buttons ([label, callback data]) of each; and `next`, the `since` of the next request."""
        method, since = request.query.get("method", "sendMessage"), int(request.query.get("since", 0))
        end = len(self.calls)
        calls = [{"chat": d.get("chat_id"), "at": t, "text": d.get("text"), "buttons": buttons(d)}
                 for (m, d), t in zip(self.calls[since:end], self.stamps[since:end]) if m == method]
        return web.json_response({"calls": calls, "next": end})

    async def _handle(self, method: str, data: dict) -> web.Response:
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
        held = self._holds.get((method, int(data.get("chat_id", 0) or 0)))
        if held is not None:
            await held.wait()
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            offset = int(data.get("offset", 0) or 0)
            if offset:  # confirmed: Telegram forgets them
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not [u for u in self._updates if u["update_id"] >= offset]:
                self._new.clear()
                try:
                    await asyncio.wait_for(self._new.wait(), MAX_POLL)
                except asyncio.TimeoutError:
                    return []
            limit = min(MAX_BATCH, max(1, int(data.get("limit", MAX_BATCH) or MAX_BATCH)))
            return [u for u in self._updates if u["update_id"] >= offset][:limit]
        if method in ("sendMessage", "editMessageText"):
            markup = data.get("reply_markup")
            return {**self._message(int(data["chat_id"]), str(data.get("text", "")), "private", user=False),
                    **({"reply_markup": json.loads(markup)} if isinstance(markup, str) else {})}
        if method == "sendDocument":
            upload = data["document"]
            if isinstance(upload, str) and upload.startswith("attach://"):  # aiogram names the file part
                upload = data[upload.removeprefix("attach://")]
            self.documents.append((int(data["chat_id"]), upload.filename, upload.file.read()))
            message = self._message(int(data["chat_id"]), "", "private", user=False)
            return {**message, "document": {"file_id": f"doc-{len(self.documents)}", "file_unique_id": "u",
                                            "file_name": upload.filename}}
        return True


def sending_notices(engine: Engine, conversation: Conversation, registry: Registry) -> Scheduler:
    """The outbox of the registry's channels, as `run` wires it (a scheduler over `engine`): the notices the core
    posts are sent at once."""
    scheduler = Scheduler(engine, conversation.reminders, registry.channels, {}, [], conversation.now)
    registry.outbox = scheduler
    return scheduler


@contextlib.asynccontextmanager
async def polled_by(channel_class: Callable[..., Any], conversation: object, token: str = "123456:TEST",
                    fake: FakeTelegram | None = None, engine: Engine | None = None,
                    registry: Registry | None = None) -> AsyncIterator[FakeTelegram]:
    """A fake (a fresh one, or `fake`) whose updates a channel of `channel_class` (aiogram or ptb) polls into
    `conversation` (any object with `handle`), in `registry` with other channels if given; with `engine`, the
    core's notices are sent as `run` sends them."""
    fake = fake or FakeTelegram()
    channel = channel_class(token, await fake.start(), conversation, registry=registry)
    if engine is not None:
        assert isinstance(conversation, Conversation)
        sending_notices(engine, conversation, channel.registry)
    task = asyncio.create_task(channel.start_polling())
    try:
        yield fake
    finally:
        await channel.stop()
        await asyncio.wait_for(task, 10)
        await fake.stop()


async def _serve_forever(port: int) -> None:
    fake = FakeTelegram()
    base = await fake.start_on(port)
    print(base, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    import sys
    asyncio.run(_serve_forever(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
