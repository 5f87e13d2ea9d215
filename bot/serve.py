"""Serve the configured messaging channels until SIGINT or SIGTERM: long polling, or a webhook when configured."""
from __future__ import annotations

import asyncio
import signal
from typing import Protocol
from urllib.parse import urlparse

from bot.config import Settings
from bot.webhook import WebhookServer
from handlers.conversation import Conversation

TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Channel(Protocol):
    """What serving needs of a messaging channel (both Telegram adapters have it)."""

    async def prepare(self) -> None: ...
    async def start_polling(self) -> None: ...
    async def set_webhook(self, url: str, secret: str) -> None: ...
    async def feed(self, data: dict) -> None: ...
    async def stop(self) -> None: ...


def _telegram(settings: Settings, conversation: Conversation) -> Channel:
    """Each library is imported only when chosen (each costs seconds of import)."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    if settings.telegram_backend == "ptb":
        from bot.telegram_ptb import PtbChannel
        return PtbChannel(token, settings.telegram_api_base, conversation)
    from bot.telegram_aiogram import AiogramChannel
    return AiogramChannel(token, settings.telegram_api_base, conversation)


async def _serve(settings: Settings, conversation: Conversation) -> None:
    channel = _telegram(settings, conversation)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if settings.webhook_url:
        assert settings.webhook_secret is not None
        secret = settings.webhook_secret.get_secret_value()
        await channel.prepare()
        server = WebhookServer(settings.webhook_listen, urlparse(settings.webhook_url).path or "/",
                               TELEGRAM_SECRET_HEADER, secret, channel.feed)
        await server.start()
        await channel.set_webhook(settings.webhook_url, secret)
        await stop.wait()
        await server.stop()  # waits for updates already received
        await channel.stop()
        return
    polling = asyncio.create_task(channel.start_polling())
    await stop.wait()
    await channel.stop()
    await polling


def run_channels(settings: Settings, conversation: Conversation) -> int:
    if settings.webhook_url and not settings.webhook_secret:
        raise SystemExit("WEBHOOK_URL cần đi kèm WEBHOOK_SECRET (8–256 ký tự) để xác thực cập nhật từ Telegram.")
    asyncio.run(_serve(settings, conversation))
    return 0
