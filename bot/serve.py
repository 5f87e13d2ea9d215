"""Serve every configured messaging channel in one process until SIGINT or SIGTERM: each by long polling, or by a
webhook when its URL is configured (one web server holds every channel's webhook route)."""
from __future__ import annotations

import asyncio
import datetime as dt
import signal
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlparse

from pydantic import SecretStr
from sqlalchemy import Engine

from bot.bootstrap import build_coordination, build_scheduler, link_signer
from bot.config import Settings
from bot.coordination import Coordination
from bot.file_links import FileGiver, FileLinks
from bot.output import OutputChannel, Registry
from bot.overview_page import overview_page
from bot.scheduler import Scheduler
from bot.webhook import Page, Route, WebhookServer
from handlers.conversation import Conversation

T = TypeVar("T")
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ZALO_SECRET_HEADER = "X-Bot-Api-Secret-Token"


class Channel(OutputChannel, Protocol):
    """What serving needs of a messaging channel (the Telegram adapters and Zalo have it), besides its port."""

    async def prepare(self) -> None: ...
    async def start_polling(self) -> None: ...
    async def set_webhook(self, url: str, secret: str) -> None: ...
    async def feed(self, data: dict) -> None: ...
    async def stop(self) -> None: ...


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: str
    secret_header: str

    @property
    def path(self) -> str:
        return urlparse(self.url).path or "/"


@dataclass(frozen=True)
class Served:
    """A channel, and its webhook when it gets updates that way (else it polls)."""

    channel: Channel
    webhook: Webhook | None = None


def _telegram(settings: Settings, conversation: Conversation, coordination: Coordination,
              registry: Registry) -> Channel:
    """Each library is imported only when chosen (each costs seconds of import)."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    turns = coordination.turns("telegram")
    if settings.telegram_backend == "ptb":
        from bot.telegram_ptb import PtbChannel
        return PtbChannel(token, settings.telegram_api_base, conversation, turns, registry)
    from bot.telegram_aiogram import AiogramChannel
    return AiogramChannel(token, settings.telegram_api_base, conversation, turns, registry)


def _webhook(url: str | None, secret: SecretStr | None, header: str, names: str, platform: str) -> Webhook | None:
    if not url:
        return None
    if secret is None or not 8 <= len(secret.get_secret_value()) <= 256:
        raise SystemExit(f"{names} cần đi kèm một chuỗi bí mật 8–256 ký tự để xác thực cập nhật từ {platform}.")
    return Webhook(url, secret.get_secret_value(), header)


def configured(settings: Settings, conversation: Conversation, coordination: Coordination,
               registry: Registry, files: FileGiver | None = None) -> list[Served]:
    """The channels whose token is set, all over the one conversation core, taking turns through `coordination`,
    each added to `registry`: a reply leaves by whichever of them its address is on. `files` gives the documents of
    the channels that cannot upload them (Zalo)."""
    served = []
    if settings.telegram_bot_token:
        hook = _webhook(settings.webhook_url, settings.webhook_secret, TELEGRAM_SECRET_HEADER,
                        "WEBHOOK_URL (WEBHOOK_SECRET)", "Telegram")
        served.append(Served(_telegram(settings, conversation, coordination, registry), hook))
    if settings.zalo_bot_token:
        from bot.zalo import ZaloChannel
        hook = _webhook(settings.zalo_webhook_url, settings.zalo_webhook_secret, ZALO_SECRET_HEADER,
                        "ZALO_WEBHOOK_URL (ZALO_WEBHOOK_SECRET)", "Zalo")
        channel = ZaloChannel(settings.zalo_bot_token.get_secret_value(), settings.zalo_api_base, conversation,
                              turns=coordination.turns("zalo"), registry=registry, files=files)
        served.append(Served(channel, hook))
    paths = [s.webhook.path for s in served if s.webhook]
    if len(set(paths)) != len(paths):
        raise SystemExit("WEBHOOK_URL và ZALO_WEBHOOK_URL cần hai đường dẫn khác nhau "
                         "(cùng một máy chủ WEBHOOK_LISTEN).")
    return served


async def serve(served: Sequence[Served], listen: str, scheduler: Scheduler | None = None,
                every: float = 30.0, pages: Sequence[Page] = ()) -> None:
    """Until a signal, or until a polling channel fails (its error is raised once all are stopped). The scheduler
    pushes reminders and notices through the same channels; it stops first, after the batch in hand. The web server
    runs when a channel has a webhook or there are pages to show."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    hooked = [(s.channel, s.webhook) for s in served if s.webhook]
    server = WebhookServer(listen, [Route(h.path, h.secret_header, h.secret, c.feed) for c, h in hooked], pages)
    for channel, _ in hooked:
        await channel.prepare()
    if hooked or pages:
        await server.start()
    for channel, hook in hooked:
        await channel.set_webhook(hook.url, hook.secret)
    polling = [asyncio.create_task(s.channel.start_polling()) for s in served if not s.webhook]
    pushing = asyncio.create_task(scheduler.run_forever(stop, every)) if scheduler else None
    signalled = asyncio.create_task(stop.wait())
    await asyncio.wait([signalled, *polling], return_when=asyncio.FIRST_COMPLETED)
    signalled.cancel()
    stop.set()
    if pushing:
        await pushing
    await server.stop()  # waits for updates already received
    for s in served:
        await s.channel.stop()
    await asyncio.gather(*polling)


def wired(settings: Settings, engine: Engine, conversation: Conversation, coordination: Coordination,
          now: Callable[[], dt.datetime] | None = None, files: FileGiver | None = None,
          ) -> tuple[list[Served], Scheduler]:
    """The configured channels in one registry, whose outbox is the scheduler: a notice the core writes is sent at
    once by this process, through the same gates as reminders, on whichever platform its receiver is."""
    registry = Registry()
    served = configured(settings, conversation, coordination, registry, files)
    scheduler = build_scheduler(settings, engine, conversation, registry, coordination, now)
    registry.outbox = scheduler
    return served, scheduler


def run_channels(settings: Settings, engine: Engine, conversation: Conversation) -> int:
    """With PUBLIC_URL, documents a channel cannot upload are given by signed links the web server serves, and
    admins open the overview page by one."""
    coordination = build_coordination(settings)
    signer = link_signer(settings)
    files = FileLinks(engine, signer) if signer else None
    served, scheduler = wired(settings, engine, conversation, coordination, files=files)
    pages = [files.page(), overview_page(signer, conversation)] if files and signer else []
    asyncio.run(_closing(serve(served, settings.webhook_listen, scheduler, settings.scheduler_every, pages),
                         coordination))
    return 0


async def _closing(work: Awaitable[T], coordination: Coordination) -> T:
    try:
        return await work
    finally:
        await coordination.close()


async def _remind(served: Sequence[Served], scheduler: Scheduler) -> int:
    for s in served:
        await s.channel.prepare()
    try:
        return await scheduler.run_once()
    finally:
        for s in served:
            await s.channel.stop()


def remind_once(settings: Settings, engine: Engine, conversation: Conversation, now: dt.datetime | None) -> int:
    """`python -m bot remind [--now …]`: one scheduler run at that time through the configured channels."""
    coordination = build_coordination(settings)
    served, scheduler = wired(settings, engine, conversation, coordination, (lambda: now) if now else None)
    sent = asyncio.run(_closing(_remind(served, scheduler), coordination))
    print(f"Đã gửi {sent} tin nhắn.")
    return 0
