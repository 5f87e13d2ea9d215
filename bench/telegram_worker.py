"""The bot under test of bench/bench_telegram.py, in a process of its own: it long-polls a fake Bot API until SIGTERM,
then stops cleanly (exit status 0).

KIND is one of
  bare     the library's own minimal echo bot: one message handler that sends the text back, the library's poller;
  adapter  the project's Telegram channel (its poller, chat order, retries) over a core that only echoes;
  real     the whole bot as deployed: `python -m bot run`, over DATABASE_URL, with the plan the bench is written for.
Run: python bench/telegram_worker.py KIND BACKEND FAKE_BASE_URL [DATABASE_URL]   (BACKEND: aiogram or ptb)
`real` reads a .env in the working directory, as `python -m bot run` does: the bench starts it in a fresh folder.
"""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.events import Incoming, Reply  # noqa: E402

TOKEN = "123456:BENCH"
PLAN = "hanoi-2024-70-nam-giai-phong-thu-do"  # the plan the bench's workload is written for
TODAY = "2024-08-01"  # a day when the plan takes nominations


class EchoCore:
    """A conversation core that only repeats the text."""

    def handle(self, event: Incoming) -> list[Reply]:
        return [Reply(event.text or "?")]


def bare_aiogram(base: str) -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
    asyncio.run(dispatcher.start_polling(bot))  # stops on SIGTERM itself


def bare_ptb(base: str) -> None:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message:
            await update.message.reply_text(update.message.text or "?")

    # ptb's defaults: one update at a time, over httpx (faster here than concurrent updates over httpx)
    app = Application.builder().token(TOKEN).base_url(f"{base}/bot").build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling()  # stops on SIGTERM itself


def adapter(backend: str, base: str) -> None:
    from bot.serve import Served, serve

    if backend == "ptb":
        from bot.telegram_ptb import PtbChannel as Channel
    else:
        from bot.telegram_aiogram import AiogramChannel as Channel  # type: ignore[assignment]
    channel = Channel(TOKEN, base, EchoCore())  # type: ignore[arg-type]
    asyncio.run(serve([Served(channel)], "127.0.0.1:0"))  # as `bot run` serves it, without the scheduler


def real(backend: str, base: str, database_url: str) -> int:
    from bot.cli import main

    os.environ.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE=base, TELEGRAM_BACKEND=backend,
                      DATABASE_URL=database_url, PLAN_IDS=PLAN, DOCUMENTS_PDF="false")
    return main(["run", "--today", TODAY])


def run(kind: str, backend: str, base: str, database_url: str = "") -> int:
    if kind == "real":
        return real(backend, base, database_url)
    if kind == "adapter":
        adapter(backend, base)
    else:
        (bare_ptb if backend == "ptb" else bare_aiogram)(base)
    return 0


if __name__ == "__main__":
    sys.exit(run(*sys.argv[1:]))
