"""Serve the configured messaging channels until SIGINT or SIGTERM."""
from __future__ import annotations

import asyncio
import signal

from bot.config import Settings
from handlers.conversation import Conversation


def _telegram(settings: Settings, conversation: Conversation):  # -> AiogramChannel | PtbChannel
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
    polling = asyncio.create_task(channel.start_polling())
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(channel.stop()))
    await polling


def run_channels(settings: Settings, conversation: Conversation) -> int:
    asyncio.run(_serve(settings, conversation))
    return 0
