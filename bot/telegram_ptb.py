"""Telegram through python-telegram-bot 22: the same translation as the aiogram adapter, on the other library."""
from __future__ import annotations

import asyncio

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.chat_order import ChatLocks
from bot.retry import ErrorKinds, call_with_retry
from bot.telegram_shared import callback_event, handle_showing_typing, message_event, telegram_messages
from handlers.conversation import COMMANDS, Conversation
from handlers.events import Incoming, Reply


def _retry_after(exc: Exception) -> float | None:
    if not isinstance(exc, RetryAfter):
        return None
    wait = exc.retry_after
    return wait if isinstance(wait, (int, float)) else wait.total_seconds()


# BadRequest is a NetworkError in PTB, but retrying it cannot help.
ERRORS = ErrorKinds(retry_after=_retry_after,
                    network=lambda e: isinstance(e, NetworkError) and not isinstance(e, BadRequest),
                    blocked=lambda e: isinstance(e, Forbidden))


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.choices:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(c.label, callback_data=c.payload)] for c in reply.choices])


class PtbChannel:
    """Holds an Application and the core; is neither."""

    def __init__(self, token: str, api_base: str, conversation: Conversation) -> None:
        self.app = (Application.builder().token(token).base_url(f"{api_base}/bot")
                    .base_file_url(f"{api_base}/file/bot").concurrent_updates(True).build())
        self.conversation = conversation
        self.locks = ChatLocks()
        self._username = ""
        self._stopped = asyncio.Event()
        self._updater_done = asyncio.Event()
        self._polling = False
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        self.app.add_handler(MessageHandler(filters.ALL, self._on_message))

    async def _send(self, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            pieces = telegram_messages(reply.text)
            for i, piece in enumerate(pieces):
                markup = _keyboard(reply) if i == len(pieces) - 1 else None
                await call_with_retry(lambda p=piece, m=markup: self.app.bot.send_message(
                    chat_id, p, parse_mode=ParseMode.HTML, reply_markup=m), ERRORS, chat_id)

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        event = message_event(message, self._username) if message else None
        if message and event:
            await self.locks.run(event.chat_id, lambda: self._handle(message.chat.id, event))

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        chat_id, event = callback_event(query)
        await self.locks.run(event.chat_id, lambda: self._handle(chat_id, event))

    async def _handle(self, chat_id: int, event: Incoming) -> None:
        replies = await handle_showing_typing(
            self.conversation.handle, event,
            lambda: call_with_retry(lambda: self.app.bot.send_chat_action(chat_id, ChatAction.TYPING), ERRORS, chat_id))
        await self._send(chat_id, replies)

    async def prepare(self) -> None:
        await self.app.initialize()
        self._username = self.app.bot.username or ""
        await self.app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        await self.app.start()

    async def start_polling(self) -> None:
        await self.prepare()
        assert self.app.updater is not None
        self._polling = True
        await self.app.updater.start_polling(poll_interval=0.0, timeout=10)
        await self._stopped.wait()
        await self.app.updater.stop()
        self._updater_done.set()

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.app.bot.set_webhook(url, secret_token=secret)

    async def feed(self, data: dict) -> None:
        await self.app.process_update(Update.de_json(data, self.app.bot))

    async def stop(self) -> None:
        self._stopped.set()
        if self._polling:  # the updater stops before the application
            await self._updater_done.wait()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
