"""The overview page over real HTTP: the web server opens it for a signed link of an admin, and refuses the rest
(403: forged, for another page or plan, no longer an admin; 410: expired). Then `run` as a real process: an admin's
`/tonghop` on Telegram gives a link that this process's web server opens."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from markupsafe import escape
from sqlalchemy import Engine

from bot.overview_page import PATH, overview_page
from bot.webhook import WebhookServer
from knowledge.answer import Answerer
from tests.bot_process import free_port, started_bot, stopped_bot
from tests.fake_telegram import FakeTelegram
from tests.overview_seed import ESCAPED_NAME, Site, site


@pytest.fixture
async def served(answerer: Answerer, engine: Engine) -> AsyncIterator[tuple[Site, str]]:
    setup = site(answerer, engine)
    server = WebhookServer("127.0.0.1:0", [], [overview_page(setup.signer, setup.conversation)])
    port = await server.start()
    yield setup, f"http://127.0.0.1:{port}{PATH}"
    await server.stop()


async def _get(url: str, **query: str) -> tuple[int, str, aiohttp.typedefs.LooseHeaders]:
    async with aiohttp.ClientSession() as http, http.get(url, params=query) as response:
        return response.status, await response.text(), response.headers


async def test_an_admins_link_opens_the_table_escaped_and_filtered(served) -> None:
    setup, url = served
    status, page, headers = await _get(url, t=setup.link())
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count('<tr class="unit">') == 64 + 1  # the directory's units and the one typed by hand
    assert str(escape(ESCAPED_NAME)) in page and ESCAPED_NAME not in page
    assert re.search(r'Quận Ba Đình</td>\s*<td><div class="bar" title="3/5"><span style="width:60%">', page)
    assert f'<input type="hidden" name="t" value="{setup.link()}">' in page
    status, page, _ = await _get(url, t=setup.link(), trang_thai="returned", khoi="district")
    assert status == 200 and page.count('<tr class="unit">') == 1 and "Quận Hoàn Kiếm" in page
    assert '<option value="returned" selected>' in page and '<option value="district" selected>' in page
    status, page, _ = await _get(url, t=setup.link(), trang_thai="<script>", khoi="'")  # a hand-edited address
    assert status == 200 and page.count('<tr class="unit">') == 65 and "<script>" not in page


async def test_a_link_is_refused_unless_signed_for_this_page_and_plan_by_a_current_admin(served) -> None:
    setup, url = served
    token = setup.link()
    refusals = {"forged": token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"),
                "another page": setup.link(purpose="file"),
                "another plan": setup.link(plan_id="khong-co"),
                "not an admin": setup.link(holder="test:o"),
                "none": ""}
    for why, refused in refusals.items():
        status, page, _ = await _get(url, t=refused)
        assert status == 403 and "không hợp lệ" in page and "Ba Đình" not in page, why
    setup.admins.clear()  # no longer an admin when the link is opened
    assert (await _get(url, t=token))[0] == 403
    setup.admins.add("900")
    setup.clock[0] += dt.timedelta(hours=24)
    status, page, _ = await _get(url, t=token)
    assert status == 410 and "đã hết hạn" in page and "/tonghop" in page


async def test_run_gives_an_admin_a_link_its_web_server_opens(tmp_path) -> None:
    """Polling Telegram, `run` still starts the web server for the page (PUBLIC_URL set)."""
    telegram, port = FakeTelegram(), free_port()
    env = {"TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_API_BASE": await telegram.start(), "ADMIN_IDS": "77",
           "PUBLIC_URL": "https://bot.example.vn", "LINK_SECRET": "khoa-ky-link", "BOT_TODAY": "2024-08-01"}
    proc = await started_bot(port, env, tmp_path)  # once its web server answers
    try:
        telegram.user_says(78, "/tonghop")
        (refused,) = await telegram.wait_for("sendMessage", 1, timeout=30)
        assert "chỉ dành cho quản trị viên" in refused["text"]
        telegram.user_says(77, "/tonghop")
        reply = (await telegram.wait_for("sendMessage", 2, timeout=30))[1]["text"]
        (link,) = re.findall(r"https://bot\.example\.vn(/tong-hop\?t=\S+)", reply)
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}{link}") as response:
            assert response.status == 200 and "Quận Ba Đình" in await response.text()
    finally:
        assert await stopped_bot(proc) == 0
        await telegram.stop()
