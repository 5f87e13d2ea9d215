"""Serve the configured messaging channels until SIGINT or SIGTERM."""
from __future__ import annotations

import asyncio
import signal

from bot.config import Settings
from bot.telegram_aiogram import AiogramChannel
from handlers.conversation import Conversation


async def _serve(settings: Settings, conversation: Conversation) -> None:
    assert settings.telegram_bot_token is not None
    channel = AiogramChannel(settings.telegram_bot_token.get_secret_value(), settings.telegram_api_base, conversation)
    polling = asyncio.create_task(channel.start_polling())
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(channel.stop()))
    await polling


def run_channels(settings: Settings, conversation: Conversation) -> int:
    asyncio.run(_serve(settings, conversation))
    return 0
