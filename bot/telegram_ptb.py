"""Telegram through python-telegram-bot 22: the same translation as the aiogram adapter, on the other library."""
from __future__ import annotations

import asyncio

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.coordination import local
from bot.coordination.turns import Turns
from bot.output import Registry
from bot.polling import poll
from bot.ptb_aiohttp import AiohttpRequest
from bot.retry import ErrorKinds
from bot.telegram_shared import TELEGRAM_LIMIT, TelegramFlow, telegram_html, update_body, update_chat
from bot.webhook import NotAnUpdate
from handlers.conversation import COMMANDS, Conversation
from handlers.events import Choice, Document


def _retry_after(exc: Exception) -> float | None:
    if not isinstance(exc, RetryAfter):
        return None
    wait = exc.retry_after
    return wait if isinstance(wait, (int, float)) else wait.total_seconds()


POLL_TIMEOUT = 10  # seconds a getUpdates call is held when nobody writes
POOL = 32  # connections for Bot API calls; PTB defaults to 1, which serialises every reply

# BadRequest is a NetworkError in PTB, but retrying it cannot help.
ERRORS = ErrorKinds(retry_after=_retry_after,
                    network=lambda e: isinstance(e, NetworkError) and not isinstance(e, BadRequest),
                    blocked=lambda e: isinstance(e, Forbidden))


def _keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(c.label, callback_data=c.payload)] for c in choices])


class PtbChannel:
    """Holds an Application and the core; is neither. Its port: text, choices as buttons, documents, "typing"."""

    platform, limit, errors = "telegram", TELEGRAM_LIMIT, ERRORS

    def __init__(self, token: str, api_base: str, conversation: Conversation, turns: Turns | None = None,
                 registry: Registry | None = None) -> None:
        """`registry`: the channels replies may leave by (this one is added); its own when not given."""
        self.app = (Application.builder().token(token).base_url(f"{api_base}/bot")
                    .base_file_url(f"{api_base}/file/bot").concurrent_updates(True)
                    .request(AiohttpRequest(connections=POOL)).get_updates_request(AiohttpRequest(connections=1))
                    .build())
        self.registry = registry or Registry()
        self.registry.add(self)
        self.flow = TelegramFlow(conversation.handle, self, self.registry, turns or local().turns("telegram"))
        self._stop = asyncio.Event()
        self._polling: asyncio.Future[None] | None = None
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        # messages and edits apart, as aiogram has them; channel posts match neither and are ignored
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        self.app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._on_edit))

    async def send_text(self, chat_id: str, text: str) -> None:
        await self.send_choices(chat_id, text, ())

    async def send_choices(self, chat_id: str, text: str, choices: tuple[Choice, ...]) -> None:
        await self.app.bot.send_message(chat_id, telegram_html(text), parse_mode=ParseMode.HTML,
                                        reply_markup=_keyboard(choices))

    async def send_document(self, chat_id: str, document: Document) -> None:
        await self.app.bot.send_document(chat_id, document.data, filename=document.filename,
                                         caption=telegram_html(document.caption) or None, parse_mode=ParseMode.HTML)

    async def show_typing(self, chat_id: str) -> None:
        await self.app.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message:
            await self.flow.on_message(update.message, update.update_id)

    async def _on_edit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.edited_message:
            await self.flow.on_message(update.edited_message, update.update_id, edited=True)

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query:
            await self.flow.on_callback(update.callback_query, update.update_id)

    async def prepare(self) -> None:
        await self.app.initialize()
        self.flow.username = self.app.bot.username or ""
        await self.app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        await self.app.start()

    async def start_polling(self) -> None:
        """Updates confirmed only once handled (bot/polling.py), not by ptb's Updater."""
        self._polling = asyncio.get_running_loop().create_future()
        try:
            await self.prepare()
            await self.app.bot.delete_webhook()
            await poll(self._fetch, self.app.process_update, self._stop, fatal=lambda e: isinstance(e, InvalidToken),
                       chat_of=update_chat)
        finally:
            self._polling.set_result(None)

    async def _fetch(self, offset: int | None) -> list[tuple[int, Update]]:
        updates = await self.app.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT, read_timeout=POLL_TIMEOUT + 5)
        return [(u.update_id, u) for u in updates]

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.app.bot.set_webhook(url, secret_token=secret)

    async def feed(self, data: dict) -> None:
        try:
            update = Update.de_json(update_body(data), self.app.bot)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise NotAnUpdate(type(exc).__name__) from None
        await self.app.process_update(update)

    async def stop(self) -> None:
        self._stop.set()
        if self._polling is not None:  # the batch in hand is finished first
            await self._polling
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
