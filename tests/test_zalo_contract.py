"""The Zalo channel through real HTTP against the fake Zalo Bot Platform: the conversations of the Telegram contract,
with buttons become numbers, and what is Zalo's own (one update per poll, 408 idle, both webhook body shapes)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import Engine

from bot.file_links import FileGiver
from bot.serve import ZALO_SECRET_HEADER
from bot.webhook import Route, WebhookServer
from bot.zalo import Pacing, ZaloChannel
from bot.zalo_client import ZaloError, ZaloQuotaExceeded
from handlers.conversation import Conversation
from handlers.events import Address, Document, Incoming, Reply
from knowledge.answer import Answerer
from tests.conftest import make_conversation
from tests.fake_zalo import FakeZalo, wrapped

TOKEN = "zalo-test-token"
SECRET = "bi-mat-zalo-123"
FAST = Pacing(first=0.05, most=0.2, min_poll=0.0)  # the platform's fake answers in 0.3 s; no need to wait in tests
POLITE = "chỉ đọc được tin nhắn chữ"


class Core:
    """A core for what the plan's conversation does not produce: given replies, optionally slow for some chats, or
    busy with some messages until a condition holds (what the test waits for, not a time a loaded machine overruns).
    """

    def __init__(self, *replies: Reply, slow: dict[str, float] | None = None,
                 busy_until: dict[str, Callable[[], object]] | None = None) -> None:
        self.replies, self.slow, self.busy_until = list(replies), slow or {}, busy_until or {}

    def handle(self, event: Incoming) -> list[Reply]:
        time.sleep(self.slow.get(event.chat_id, 0.0))
        if event.text in self.busy_until:
            until = self.busy_until[event.text]
            deadline = time.monotonic() + 10.0  # then the test's assertions tell what did not happen
            while not until() and time.monotonic() < deadline:
                time.sleep(0.01)
        return self.replies or [Reply(f"đã nhận: {event.text}")]


@contextlib.asynccontextmanager
async def polling(core, fake: FakeZalo | None = None,
                  files: FileGiver | None = None) -> AsyncIterator[tuple[FakeZalo, ZaloChannel]]:
    fake = fake or FakeZalo()
    channel = ZaloChannel(TOKEN, await fake.start(), core, pacing=FAST, files=files)
    task = asyncio.create_task(channel.start_polling())
    try:
        yield fake, channel
    finally:
        await channel.stop()
        await asyncio.wait_for(task, 10)
        await fake.stop()


@contextlib.asynccontextmanager
async def webhook(core) -> AsyncIterator[tuple[FakeZalo, ZaloChannel, str]]:
    """A channel behind the webhook server, prepared as `run` prepares it; yields the webhook's local URL."""
    fake = FakeZalo()
    channel = ZaloChannel(TOKEN, await fake.start(), core)
    await channel.prepare()
    server = WebhookServer("127.0.0.1:0", [Route("/zalo", ZALO_SECRET_HEADER, SECRET, channel.feed)])
    url = f"http://127.0.0.1:{await server.start()}/zalo"
    try:
        yield fake, channel, url
    finally:
        await server.stop()
        await channel.stop()
        await fake.stop()


@pytest.fixture
def conversation(answerer: Answerer, sqlite_engine: Engine) -> Conversation:
    return make_conversation(answerer, sqlite_engine)


@pytest.fixture
async def zalo(conversation: Conversation) -> AsyncIterator[FakeZalo]:
    async with polling(conversation) as (fake, _):
        yield fake


def texts(fake: FakeZalo) -> list[str]:
    return [m["text"] for m in fake.sent()]


async def test_start_shows_the_menu_as_a_numbered_list(zalo: FakeZalo) -> None:
    zalo.user_says("e4ea2cd5189df1c3a88c", "/start")
    (menu,) = await zalo.wait_for("sendMessage", 1)
    assert menu["chat_id"] == "e4ea2cd5189df1c3a88c" and "Trợ lý Thi đua" in menu["text"]
    assert "  1. Hỏi đáp\n  2. Hạn chót\n" in menu["text"] and menu["text"].endswith("(Gõ số hoặc tên mục để chọn.)")
    assert set(menu) == {"chat_id", "text"}  # plain text: no parse_mode, no markup Zalo does not have
    assert [m for m, _ in zalo.calls[:2]] == ["getMe", "deleteWebhook"]


async def test_typing_the_number_or_the_label_picks_the_item(zalo: FakeZalo) -> None:
    for text in ("/start", "2", "hạn chót", "/chitieu", "1"):
        zalo.user_says("u1", text)
    replies = [m["text"] for m in await zalo.wait_for("sendMessage", 5)]
    assert "29/02/2024" in replies[1] and replies[2] == replies[1]
    assert "  1. Quận, huyện, thị xã" in replies[3] and "tối đa 03 cá nhân" in replies[4]


async def test_a_free_question_is_answered_and_markup_stays_literal(zalo: FakeZalo) -> None:
    zalo.user_says("u1", "hạn nộp hồ sơ tổng kết là khi nào")
    zalo.user_says("u1", "<b>Sở Y tế</b> được đề nghị mấy cá nhân?")
    zalo.user_says("u1", "/x<b>&y*_")
    deadline, quota, echo = await zalo.wait_for("sendMessage", 3)
    assert "trước ngày 01/9/2024" in deadline["text"] and "Mục III, điểm 4.2" in deadline["text"]
    assert "tối đa 02 cá nhân" in quota["text"]
    assert "/x<b>&y*_" in echo["text"] and "parse_mode" not in echo


async def test_a_5000_character_reply_arrives_as_three_messages_and_slow_work_shows_typing() -> None:
    long = "\n".join(f"Đoạn {i}: " + "nội dung " * 54 for i in range(10))
    assert 4900 < len(long) <= 5000
    fake = FakeZalo()
    slow = Core(Reply(long), busy_until={"dài": lambda: fake.sent("sendChatAction")})  # still working when typing
    async with polling(slow, fake):
        fake.user_says("u1", "dài")
        await fake.wait_for("sendMessage", 3, timeout=20)
        await asyncio.sleep(0.2)
        pieces = texts(fake)
        assert len(pieces) == 3 and all(len(p) <= 2000 and p.startswith("Đoạn") for p in pieces)
        assert "\n".join(pieces) == long
        assert fake.sent("sendChatAction") == [{"chat_id": "u1", "action": "typing"}]


async def test_refused_parse_mode_is_sent_again_as_plain_text() -> None:
    async with polling(Core()) as (fake, channel):
        await channel.send_text("u1", "**Thông báo**", parse_mode="markdown")
        assert fake.sent() == [{"chat_id": "u1", "text": "**Thông báo**", "parse_mode": "markdown"}]
        fake.refuse_parse_mode = True
        await channel.send_text("u2", "**Thông báo**", parse_mode="markdown")
        assert fake.sent()[1:] == [{"chat_id": "u2", "text": "**Thông báo**", "parse_mode": "markdown"},
                                   {"chat_id": "u2", "text": "**Thông báo**"}]


@pytest.mark.parametrize("kind, fields", [("image", {"photo_url": "https://f.zalo.me/a.jpg"}),
                                          ("sticker", {"sticker": "0e078a2fb66a5f34067b"}),
                                          ("voice", {"voice_url": "https://f.zalo.me/a.aac"}), ("unsupported", {})])
async def test_images_stickers_voice_and_unsupported_get_a_polite_reply(zalo: FakeZalo, kind: str, fields) -> None:
    zalo.user_sends("u1", kind, **fields)
    (reply,) = await zalo.wait_for("sendMessage", 1)
    assert POLITE in reply["text"] and "/help" in reply["text"]


async def test_an_image_with_a_caption_is_answered_as_a_question(zalo: FakeZalo) -> None:
    zalo.user_sends("u1", "image", photo_url="https://f.zalo.me/a.jpg", caption="hồ sơ cần nộp gồm gì")
    (reply,) = await zalo.wait_for("sendMessage", 1)
    assert POLITE not in reply["text"] and "Theo Mục" in reply["text"]


async def test_in_groups_text_is_answered_and_the_rest_ignored(zalo: FakeZalo) -> None:
    zalo.user_sends("g1", "sticker", chat_type="GROUP", sticker="0e078a2fb66a5f34067b")
    echo = zalo.update("g1", text="hạn nộp hồ sơ khen thưởng?")
    echo["message"]["from"] = {"id": "1459232241454765289", "display_name": "Trợ lý", "is_bot": True}
    zalo.deliver(echo)  # the bot's own message, reportedly delivered back
    zalo.user_says("g1", "hạn nộp hồ sơ khen thưởng?", chat_type="GROUP")
    (reply,) = await zalo.wait_for("sendMessage", 1)
    await asyncio.sleep(0.2)
    assert len(zalo.sent()) == 1 and reply["chat_id"] == "g1" and "01/9/2024" in reply["text"]


async def test_the_same_message_delivered_twice_is_handled_once(zalo: FakeZalo) -> None:
    update = zalo.user_says("u1", "/hoso")
    zalo.deliver(update)
    zalo.user_says("u1", "/help")
    first, second = await zalo.wait_for("sendMessage", 2)
    await asyncio.sleep(0.2)
    assert "01 bộ (bản chính)" in first["text"] and "/hanchot" in second["text"] and len(zalo.sent()) == 2


async def test_malformed_updates_are_skipped_and_the_bot_goes_on(zalo: FakeZalo) -> None:
    for junk in ({}, {"event_name": "message.text.received"}, {"event_name": ["x"], "message": []},
                 {"event_name": "message.reaction.received", "message": {"chat": {"id": "u1"}, "from": {"id": "u1"}}},
                 {"event_name": "message.text.received", "message": {"text": 5, "chat": {"id": {}}}}):
        zalo.deliver(junk)
    zalo.user_says("u1", "/help")
    (reply,) = await zalo.wait_for("sendMessage", 1)
    assert "/hanchot" in reply["text"]


@pytest.mark.parametrize("http_status", [408, 200])
async def test_an_idle_poll_is_not_an_error(conversation: Conversation, caplog: pytest.LogCaptureFixture,
                                            http_status: int) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    async with polling(conversation) as (fake, _):
        fake.idle_http_status = http_status
        await fake.wait_for("getUpdates", 3)
        fake.user_says("u1", "/help")
        await fake.wait_for("sendMessage", 1)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("bot") and r.levelno >= logging.INFO] == []


async def test_poll_failures_back_off_and_polling_goes_on(zalo: FakeZalo, caplog) -> None:
    zalo.fail_next("getUpdates", 502)
    zalo.fail_next("getUpdates", 500)
    zalo.user_says("u1", "/help")
    await zalo.wait_for("sendMessage", 1)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2 and "getUpdates failed (502" in warned[0] and TOKEN not in "".join(warned)


@pytest.mark.parametrize("envelope", [False, True], ids=["gateway-page", "envelope"])
async def test_a_5xx_send_is_retried(zalo: FakeZalo, envelope: bool) -> None:
    zalo.fail_next("sendMessage", 502, "Bad gateway", envelope=envelope)
    zalo.user_says("u1", "/help")
    first, second = await zalo.wait_for("sendMessage", 2)
    assert first == second and "/hanchot" in second["text"]


async def test_quota_exceeded_is_told_apart_and_not_retried(zalo: FakeZalo, caplog) -> None:
    def quota_warnings() -> list[str]:
        return [r.getMessage() for r in caplog.records if "quota exceeded" in r.getMessage()]

    zalo.fail_next("sendMessage", 429)  # the first reply sent, to whichever chat it is: the two run concurrently
    zalo.user_says("u1", "/help")
    zalo.user_says("u2", "/help")
    await zalo.wait_true(quota_warnings, "the quota warning")  # logged once the dropped reply's chat is done with it
    await zalo.wait_for("sendMessage", 2)
    await asyncio.sleep(0.2)  # time for a retry, were there one
    assert len(zalo.sent()) == 2, zalo.sent()
    dropped, answered = zalo.sent()  # the refused call, not retried; the other chat's reply, still sent
    assert {dropped["chat_id"], answered["chat_id"]} == {"u1", "u2"}
    assert "/hanchot" in answered["text"] and answered["text"] == dropped["text"]
    (warning,) = quota_warnings()  # once, and naming the chat whose reply was dropped
    assert f"chat {dropped['chat_id']}" in warning


async def test_send_text_raises_the_quota_error_for_its_caller() -> None:
    async with polling(Core()) as (fake, channel):
        fake.fail_next("sendMessage", 429)
        with pytest.raises(ZaloQuotaExceeded) as caught:
            await channel.send_text("u1", "Nhắc hạn nộp hồ sơ.")
        assert caught.value.code == 429 and caught.value.description == "Quota exceeded"


async def test_a_refused_token_stops_polling_with_the_error() -> None:
    fake = FakeZalo()
    channel = ZaloChannel(TOKEN, await fake.start(), Core(), pacing=FAST)
    fake.fail_next("getUpdates", 401, "Unauthorized")
    try:
        with pytest.raises(ZaloError) as caught:
            await asyncio.wait_for(channel.start_polling(), 5)
        assert caught.value.code == 401
    finally:
        await channel.stop()
        await fake.stop()


async def test_one_chat_in_order_different_chats_at_once() -> None:
    fake = FakeZalo()
    # "một" keeps its chat busy until the other chat, written to after it, is answered: only chats handled at once
    # make that order; "hai", in the busy chat, must wait for "một"
    core = Core(busy_until={"một": lambda: [m for m in fake.sent() if m["chat_id"] == "fast"]})
    async with polling(core, fake):
        fake.user_says("slow", "một")
        fake.user_says("slow", "hai")
        fake.user_says("fast", "ba")
        await fake.wait_for("sendMessage", 3, timeout=20)
        assert [(m["chat_id"], m["text"]) for m in fake.sent()] == [
            ("fast", "đã nhận: ba"), ("slow", "đã nhận: một"), ("slow", "đã nhận: hai")]


async def test_stop_finishes_an_update_already_received() -> None:
    fake = FakeZalo()
    channel = ZaloChannel(TOKEN, await fake.start(), Core(slow={"u1": 0.5}), pacing=FAST)
    task = asyncio.create_task(channel.start_polling())
    try:
        fake.user_says("u1", "chậm")
        await fake.wait_for("getUpdates", 2)  # the update was taken; the core is working on it
        await channel.stop()
        await asyncio.wait_for(task, 5)
        assert texts(fake) == ["đã nhận: chậm"]
    finally:
        await fake.stop()


async def test_addressed_replies_and_documents() -> None:
    core = Core(Reply("Đã gửi.", document=Document("to-trinh.docx", b"PK", "Tờ trình đề nghị khen thưởng")),
                Reply("Có hồ sơ mới.", to=Address("zalo", "can-bo-tiep-nhan")),
                Reply("Có hồ sơ mới.", to=Address("telegram", "99")))
    async with polling(core) as (fake, _):
        fake.user_says("u1", "gửi")
        await fake.wait_for("sendMessage", 3)
        await asyncio.sleep(0.2)
        (given, sent, told) = fake.sent()  # the document first, then the reply's text, as on Telegram
        assert given["chat_id"] == "u1" and given["text"].startswith("Tờ trình đề nghị khen thưởng\n\n")
        assert "“to-trinh.docx”" in given["text"] and "Ban Thi đua" in given["text"]  # how to get it, without a link
        assert (sent["chat_id"], sent["text"]) == ("u1", "Đã gửi.")
        assert (told["chat_id"], told["text"]) == ("can-bo-tiep-nhan", "Có hồ sơ mới.")


async def test_webhook_checks_the_secret_and_takes_both_body_shapes(conversation: Conversation) -> None:
    async with webhook(conversation) as (fake, channel, url):
        await channel.set_webhook("https://bot.example.vn/zalo", SECRET)
        assert fake.webhook and fake.webhook["url"] == "https://bot.example.vn/zalo"
        start = fake.update("u1", text="/start")
        assert await fake.post_webhook(url, start, "sai-bi-mat") == 403
        assert await fake.post_webhook(url, start, None) == 403
        assert fake.sent() == []
        assert await fake.post_webhook(url, wrapped(start), SECRET) == 200
        assert "Trợ lý Thi đua" in texts(fake)[0]  # handled before the acknowledgement
        assert await fake.post_webhook(url, fake.update("u1", text="2"), SECRET) == 200
        assert "29/02/2024" in texts(fake)[1]
        assert await fake.post_webhook(url, start, SECRET) == 200  # flat this time, same message: once
        assert await fake.post_webhook(url, {"ok": True, "result": 7}, SECRET) == 200
        assert len(fake.sent()) == 2


async def test_a_webhook_update_that_failed_is_handled_when_delivered_again() -> None:
    class FailsOnce(Core):
        def handle(self, event: Incoming) -> list[Reply]:
            if not hasattr(self, "failed"):
                self.failed = True
                raise RuntimeError("the database was away")
            return super().handle(event)

    async with webhook(FailsOnce()) as (fake, _, url):
        update = fake.update("u1", text="hạn nộp?")
        assert await fake.post_webhook(url, update, SECRET) == 500  # not acknowledged: the platform may retry
        assert await fake.post_webhook(url, update, SECRET) == 200
        assert texts(fake) == ["đã nhận: hạn nộp?"]
