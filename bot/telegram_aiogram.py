"""Telegram through aiogram 3: updates become core events, replies become Bot API calls. No business rule here."""
from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatAction, ParseMode
from aiogram.exceptions import (TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter,
                                TelegramUnauthorizedError)
from aiogram.types import (BotCommand, BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup,
                           Message, Update)
from pydantic import ValidationError

from bot.coordination import local
from bot.coordination.turns import Turns
from bot.output import Registry
from bot.polling import poll
from bot.retry import ErrorKinds
from bot.telegram_shared import TELEGRAM_LIMIT, TelegramFlow, telegram_html, update_body, update_chat
from bot.webhook import NotAnUpdate
from handlers.conversation import COMMANDS, Conversation
from handlers.events import Choice, Document

POLL_TIMEOUT = 10  # seconds a getUpdates call is held when nobody writes
ERRORS = ErrorKinds(retry_after=lambda e: e.retry_after if isinstance(e, TelegramRetryAfter) else None,
                    network=lambda e: isinstance(e, TelegramNetworkError),
                    blocked=lambda e: isinstance(e, TelegramForbiddenError))


def _keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=c.label, callback_data=c.payload)]
                                                 for c in choices])


class AiogramChannel:
    """Holds a Bot and the core; is neither. Its port: text, choices as buttons, documents, "typing"."""

    platform, limit, errors = "telegram", TELEGRAM_LIMIT, ERRORS

    def __init__(self, token: str, api_base: str, conversation: Conversation, turns: Turns | None = None,
                 registry: Registry | None = None) -> None:
        """`registry`: the channels replies may leave by (this one is added); its own when not given."""
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
        self.registry = registry or Registry()
        self.registry.add(self)
        self.flow = TelegramFlow(conversation.handle, self, self.registry, turns or local().turns("telegram"))
        self._stop = asyncio.Event()
        self._polling: asyncio.Future[None] | None = None
        self.dispatcher = Dispatcher()
        router = Router()
        router.message.register(self._on_message)
        router.edited_message.register(self._on_edit)  # channel posts have no handler: ignored
        router.callback_query.register(self._on_callback, F.data)
        self.dispatcher.include_router(router)

    async def send_text(self, chat_id: str, text: str) -> None:
        await self.send_choices(chat_id, text, ())

    async def send_choices(self, chat_id: str, text: str, choices: tuple[Choice, ...]) -> None:
        await self.bot.send_message(chat_id, telegram_html(text), reply_markup=_keyboard(choices))

    async def send_document(self, chat_id: str, document: Document) -> None:
        await self.bot.send_document(chat_id, BufferedInputFile(document.data, document.filename),
                                     caption=telegram_html(document.caption) or None)

    async def show_typing(self, chat_id: str) -> None:
        await self.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        await self.flow.on_message(message, event_update.update_id)

    async def _on_edit(self, message: Message, event_update: Update) -> None:
        await self.flow.on_message(message, event_update.update_id, edited=True)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        await self.flow.on_callback(query, event_update.update_id)

    async def prepare(self) -> None:
        me = await self.bot.get_me()
        self.flow.username = me.username or ""
        await self.bot.set_my_commands([BotCommand(command=c, description=d) for c, d in COMMANDS])

    async def start_polling(self) -> None:
        """Updates confirmed only once handled (bot/polling.py), not by aiogram's own poller."""
        self._polling = asyncio.get_running_loop().create_future()
        try:
            await self.prepare()
            await self.bot.delete_webhook()
            await poll(self._fetch, lambda update: self.dispatcher.feed_update(self.bot, update), self._stop,
                       fatal=lambda e: isinstance(e, TelegramUnauthorizedError), chat_of=update_chat)
        finally:
            await self.bot.session.close()
            self._polling.set_result(None)

    async def _fetch(self, offset: int | None) -> list[tuple[int, Update]]:
        updates = await self.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT,
                                             request_timeout=int(self.bot.session.timeout + POLL_TIMEOUT))
        return [(u.update_id, u) for u in updates]

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret)

    async def feed(self, data: dict) -> None:
        try:
            update = Update.model_validate(update_body(data), context={"bot": self.bot})
        except ValidationError as exc:
            raise NotAnUpdate(f"{exc.error_count()} invalid fields") from None
        await self.dispatcher.feed_update(self.bot, update)

    async def stop(self) -> None:
        self._stop.set()
        if self._polling is not None:  # polling finishes the batch in hand and closes the session itself
            await self._polling
        else:
            await self.bot.session.close()
