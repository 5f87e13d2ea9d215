"""Documents on Zalo, which cannot upload them, given by signed links: a Zalo officer's nomination through the fake
Zalo Bot Platform, its files fetched over HTTP from the bot's real web server on 127.0.0.1; forged, foreign and
expired links refused; expired and erased files deleted; on a SQLite file and on PostgreSQL. And one `python -m bot
run` process serves a link another made, on the same database and LINK_SECRET."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import AsyncIterator
from urllib.parse import quote, unquote

import aiohttp
from sqlalchemy import Engine, func, select

from bot.file_links import PATH, FileLinks
from bot.signed_links import LinkSigner
from bot.webhook import WebhookServer
from handlers.events import Document
from knowledge.answer import Answerer
from storage.models import LinkedFile
from tests.bot_process import free_port, started_bot, stopped_bot
from tests.chat_driver import Chat, individual_to_review, submit
from tests.conftest import DURING_PLAN, _migrated, make_conversation
from tests.fake_zalo import FakeZalo
from tests.test_documents import full_text, open_docx
from tests.test_reminders import Clock, at, scheduler
from tests.test_zalo_contract import TOKEN, polling
from tests.test_zalo_wizard import ZaloUser, nominate

SECRET = b"k" * 32
LINK = re.compile(r"http://127\.0\.0\.1:\d+/tai-lieu\?t=\S+")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHAT = "7e1f0a9b8c2d3e4f5a6b"


@contextlib.asynccontextmanager
async def web_server(engine: Engine, clock: Clock) -> AsyncIterator[FileLinks]:
    """The bot's web server with the file page, its links signed on the test's clock."""
    port = free_port()
    files = FileLinks(engine, LinkSigner(SECRET, f"http://127.0.0.1:{port}", dt.timedelta(hours=24), clock.now))
    server = WebhookServer(f"127.0.0.1:{port}", [], [files.page()])
    await server.start()
    try:
        yield files
    finally:
        await server.stop()


async def get(url: str) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, dict(response.headers), await response.read()


def stored(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(LinkedFile)).scalar_one()


def link_in(message: str) -> str:
    (url,) = LINK.findall(message)
    return url


def spoiled(url: str) -> str:
    """The link with one character of its token changed."""
    cut = url.index("?t=") + 3 + 20
    return url[:cut] + ("B" if url[cut] != "B" else "C") + url[cut + 1:]


async def test_a_zalo_officer_gets_the_files_by_links(answerer: Answerer, engine: Engine) -> None:
    clock = Clock(at("2024-08-01", 9, 30))
    conversation = make_conversation(answerer, engine, DURING_PLAN)
    async with web_server(engine, clock) as files, polling(conversation, files=files) as (fake, channel):
        me = ZaloUser(fake, CHAT)
        _, documents = await nominate(me)
        urls = [link_in(d) for d in documents]
        for document in documents:  # the file, what it is, until when (Vietnam time), and for whom
            assert "Dự thảo để in, ký, đóng dấu" in document and "(văn bản Word)" in document, document
            assert "dùng được đến 09:30 ngày 02/08/2024 (giờ Việt Nam)" in document, document
            assert "chỉ dành cho anh/chị" in document
        for url, document in zip(urls, documents):
            status, headers, body = await get(url)
            assert status == 200 and headers["Content-Type"] == DOCX
            name = re.search(r"“(.+?)”", document).group(1)  # type: ignore[union-attr]
            assert headers["Content-Disposition"].endswith(f"filename*=UTF-8''{quote(name, safe='')}")
            assert headers["Cache-Control"] == "private, no-store"
            text = full_text(open_docx(body))
            assert "Quận Hoàn Kiếm".upper() in text.upper()
        report = open_docx((await get(urls[3]))[2])
        assert "Nguyễn Văn An" in full_text(report)

        status, _, refusal = await get(spoiled(urls[0]))
        assert status == 403 and "không hợp lệ" in refusal.decode()
        grant = files.signer.check(unquote(urls[0].split("?t=")[1]), "file")
        root = f"{files.signer.public_url}{PATH}?t="
        for token in (files.signer.token("file", "zalo:someone-else", grant.resource),  # another's file
                      files.signer.token("overview", grant.holder, grant.resource),  # another page's link
                      "", "abc"):
            assert (await get(root + token))[0] == 403, token

        clock.moment += dt.timedelta(hours=23, minutes=59)  # a scheduler run before their time keeps them
        await scheduler(engine, conversation, clock, channel).run_once()
        assert stored(engine) == 4 and (await get(urls[1]))[0] == 200
        clock.moment += dt.timedelta(minutes=1)
        status, _, gone = await get(urls[1])
        assert status == 410 and "hết hạn" in gone.decode()
        assert stored(engine) == 0  # opening an expired link deleted the expired files

        m = await me.says("/hosocuatoi")  # asked again: the unit's dossier as one ZIP, by a new link
        m = await me.picks(m, "Tải bộ hồ sơ", replies=2)
        assert "(tệp nén ZIP)" in m
        archive = link_in(m)
        status, headers, body = await get(archive)
        assert status == 200 and headers["Content-Type"] == "application/zip"
        assert any("-bao-cao" in n for n in zipfile.ZipFile(io.BytesIO(body)).namelist())
        others = link_in(await files.give("zalo", "another-officer", Document("x.pdf", b"%PDF", "")))
        m = await me.says("/xoadulieu")
        m = await me.picks(m, "Có, xóa")
        assert "1 tệp gửi anh/chị qua đường link" in m
        assert (await get(archive))[0] == 410 and stored(engine) == 1  # another officer's file stays
        assert (await get(others))[0] == 200


async def test_the_scheduler_deletes_files_past_their_time(answerer: Answerer, engine: Engine) -> None:
    clock = Clock(at("2024-08-01", 9))
    conversation = make_conversation(answerer, engine, DURING_PLAN)
    async with web_server(engine, clock) as files:
        message = await files.give("zalo", CHAT, Document("tờ-trình.pdf", b"%PDF-1.4 ...", "Dự thảo"))
        assert "(bản PDF)" in message
        status, headers, body = await get(link_in(message))
        assert (status, headers["Content-Type"], body) == (200, "application/pdf", b"%PDF-1.4 ...")
        assert headers["Content-Disposition"] == ("attachment; filename=\"t_-tr_nh.pdf\"; "
                                                  "filename*=UTF-8''t%E1%BB%9D-tr%C3%ACnh.pdf")
        clock.moment += dt.timedelta(hours=24)
        await scheduler(engine, conversation, clock).run_once()
        assert stored(engine) == 0
        assert (await get(link_in(message)))[0] == 410


async def test_a_link_made_by_one_process_is_served_by_another(answerer: Answerer, tmp_path,
                                                                postgres_url: str) -> None:
    """A `run` process on the fake Zalo gives a file by link, and serves it; the web server of another process (this
    one) on the same PostgreSQL and LINK_SECRET serves it too."""
    engine = _migrated(postgres_url)
    chat = Chat(make_conversation(answerer, engine, DURING_PLAN), user=CHAT, platform="zalo")
    individual_to_review(chat)  # a submission whose dossier the user asks for
    submit(chat)
    assert "Đã nộp" in chat.text
    fake, port = FakeZalo(), free_port()
    env = {"ZALO_BOT_TOKEN": TOKEN, "ZALO_API_BASE": await fake.start(), "DATABASE_URL": postgres_url,
           "LINK_SECRET": SECRET.decode(), "PUBLIC_URL": f"http://127.0.0.1:{port}"}
    try:
        proc = await started_bot(port, env, tmp_path)
        try:
            me = ZaloUser(fake, CHAT)
            m = await me.says("/hosocuatoi", timeout=30)
            m = await me.picks(m, "Tải bộ hồ sơ", replies=2)
            served = [await get(link_in(m))]
            async with web_server(engine, Clock(dt.datetime.now(dt.UTC))) as other:
                assert other.signer.public_url != f"http://127.0.0.1:{port}"
                served.append(await get(other.signer.public_url + link_in(m).removeprefix(env["PUBLIC_URL"])))
            for status, headers, body in served:
                assert status == 200 and headers["Content-Type"] == "application/zip"
                assert any("-bao-cao" in n for n in zipfile.ZipFile(io.BytesIO(body)).namelist())
        finally:
            assert await stopped_bot(proc) == 0
    finally:
        await fake.stop()
        engine.dispose()
