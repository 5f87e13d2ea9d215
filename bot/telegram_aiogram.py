"""Telegram through aiogram 3: updates become core events, replies become Bot API calls. No business rule here."""
from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatAction, ParseMode
from aiogram.types import BotCommand, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from aiogram.exceptions import TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter

from bot.chat_order import ChatLocks
from bot.retry import ErrorKinds, call_with_retry
from bot.telegram_shared import callback_event, handle_showing_typing, message_event, telegram_messages
from handlers.conversation import COMMANDS, Conversation
from handlers.events import Incoming, Reply

log = logging.getLogger(__name__)
ERRORS = ErrorKinds(retry_after=lambda e: e.retry_after if isinstance(e, TelegramRetryAfter) else None,
                    network=lambda e: isinstance(e, TelegramNetworkError),
                    blocked=lambda e: isinstance(e, TelegramForbiddenError))


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.choices:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=c.label, callback_data=c.payload)]
                                                 for c in reply.choices])


class AiogramChannel:
    """Holds a Bot and the core; is neither."""

    def __init__(self, token: str, api_base: str, conversation: Conversation) -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
        self.conversation = conversation
        self.locks = ChatLocks()
        self._username = ""
        self._polling = False
        self.dispatcher = Dispatcher()
        router = Router()
        router.message.register(self._on_message)
        router.callback_query.register(self._on_callback, F.data)
        self.dispatcher.include_router(router)

    async def _send(self, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            pieces = telegram_messages(reply.text)
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                markup = _keyboard(reply) if last else None
                await call_with_retry(lambda p=piece, m=markup: self.bot.send_message(chat_id, p, reply_markup=m),
                                      ERRORS, chat_id)

    async def _on_message(self, message: Message) -> None:
        event = message_event(message, self._username)
        if event:
            await self.locks.run(event.chat_id, lambda: self._handle(message.chat.id, event))

    async def _on_callback(self, query: CallbackQuery) -> None:
        await query.answer()
        chat_id, event = callback_event(query)
        await self.locks.run(event.chat_id, lambda: self._handle(chat_id, event))

    async def _handle(self, chat_id: int, event: Incoming) -> None:
        replies = await handle_showing_typing(
            self.conversation.handle, event,
            lambda: call_with_retry(lambda: self.bot.send_chat_action(chat_id, ChatAction.TYPING), ERRORS, chat_id))
        await self._send(chat_id, replies)

    async def prepare(self) -> None:
        me = await self.bot.get_me()
        self._username = me.username or ""
        await self.bot.set_my_commands([BotCommand(command=c, description=d) for c, d in COMMANDS])

    async def start_polling(self) -> None:
        await self.prepare()
        await self.bot.delete_webhook()
        self._polling = True
        await self.dispatcher.start_polling(self.bot, handle_signals=False, close_bot_session=True)

    async def set_webhook(self, url: str, secret: str) -> None:
        await self.bot.set_webhook(url, secret_token=secret)

    async def feed(self, data: dict) -> None:
        await self.dispatcher.feed_update(self.bot, Update.model_validate(data, context={"bot": self.bot}))

    async def stop(self) -> None:
        if self._polling:  # polling closes the session itself when it ends
            await self.dispatcher.stop_polling()
        else:
            await self.bot.session.close()
