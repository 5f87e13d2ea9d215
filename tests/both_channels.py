"""One bot serving Telegram and Zalo over the one core, wired as `run` wires them (one registry whose outbox is the
scheduler, so a notice leaves at once on whichever platform its receiver is), against the fake servers; with
`links`, the bot's web server gives Zalo its documents by signed links, as with PUBLIC_URL."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.bootstrap import build_conversation, link_signer
from bot.config import Settings
from bot.coordination import local
from bot.file_links import FileLinks
from bot.scheduler import Scheduler
from bot.serve import wired
from bot.webhook import WebhookServer
from tests.bot_process import free_port
from tests.conftest import DURING_PLAN, PLAN_ID
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo


@dataclass
class Together:
    telegram: FakeTelegram
    zalo: FakeZalo
    scheduler: Scheduler


@contextlib.asynccontextmanager
async def serving_both(engine: Engine, admin_ids: list[str], links: bool = False) -> AsyncIterator[Together]:
    telegram, zalo = FakeTelegram(), FakeZalo()
    port = free_port()
    settings = Settings(_env_file=None, plan_ids=[PLAN_ID], bot_today=DURING_PLAN, documents_pdf=False,  # type: ignore[call-arg]
                        telegram_bot_token="123456:TEST", telegram_api_base=await telegram.start(),
                        zalo_bot_token="zalo-test-token", zalo_api_base=await zalo.start(), admin_ids=admin_ids,
                        public_url=f"http://127.0.0.1:{port}" if links else None)
    signer = link_signer(settings)
    files = FileLinks(engine, signer) if signer else None
    server = WebhookServer(f"127.0.0.1:{port}", [], [files.page()] if files else [])
    served, scheduler = wired(settings, engine, build_conversation(settings, engine), local(), files=files)
    await server.start()
    polling = [asyncio.create_task(s.channel.start_polling()) for s in served]
    try:
        yield Together(telegram, zalo, scheduler)
    finally:
        for s in served:
            await s.channel.stop()
        await asyncio.wait_for(asyncio.gather(*polling), 10)
        await server.stop()
        await telegram.stop()
        await zalo.stop()
