"""The composition root: settings in, the answerer, the database and the conversation core out.

Nothing is built at import. The database is migrated to the current schema when the bot starts."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from sqlalchemy import Engine

from bot.answering import build_catalog
from bot.clock import today
from bot.config import Settings
from bot.overview_page import overview_url
from bot.coordination import Coordination, local
from bot.output import Registry
from bot.scheduler import Limits, Scheduler
from bot.signed_links import LinkSigner, derived_secret
from handlers.conversation import Conversation
from handlers.events import Address
from storage.database import make_engine, upgrade
from storage.unit_of_work import UnitOfWork


def build_engine(settings: Settings) -> Engine:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    return engine


def build_coordination(settings: Settings) -> Coordination:
    """What the processes serving the bot share: through Redis when REDIS_URL is set (the settings have checked
    that several processes can work then), else this process's memory. In Redis the keys are under a digest of
    the bots' tokens: the processes of one deployment meet there, and other deployments on that Redis never do."""
    if not settings.redis_url:
        return local()
    from bot.coordination.shared import shared  # redis is imported only when used

    return shared(settings.redis_url, redis_scope(settings))


def redis_scope(settings: Settings) -> str:
    tokens = [t.get_secret_value() for t in (settings.telegram_bot_token, settings.zalo_bot_token) if t]
    return hashlib.sha256("\n".join(tokens).encode()).hexdigest()[:16]


def link_signer(settings: Settings) -> LinkSigner | None:
    """What signs the web server's links, when PUBLIC_URL says where the server is reached."""
    if not settings.public_url:
        return None
    if settings.link_secret:
        secret = settings.link_secret.get_secret_value().encode()
    else:
        tokens = [t.get_secret_value() for t in (settings.telegram_bot_token, settings.zalo_bot_token) if t]
        if not tokens:
            raise SystemExit("PUBLIC_URL cần LINK_SECRET (khóa ký đường link) khi không có mã bot nào.")
        secret = derived_secret(tokens)
    return LinkSigner(secret, settings.public_url, dt.timedelta(hours=settings.link_hours))


def receivers(settings: Settings) -> Callable[[str], list[Address]]:
    """Who is told of a submission: every admin, and those configured for the receiving body."""
    admins = [Address.parse(i) for i in settings.admin_ids]
    by_body = {body: [Address.parse(i) for i in ids] for body, ids in settings.receivers.items()}
    return lambda body: list(dict.fromkeys([*admins, *by_body.get(body, [])]))


def received_by(settings: Settings) -> Callable[[Address], list[str]]:
    """The bodies a chat is configured to receive for: the lead agency's officer gets its gathered dossier."""
    by_body = {body: {Address.parse(i) for i in ids} for body, ids in settings.receivers.items()}
    return lambda chat: [body for body, chats in by_body.items() if chat in chats]


def is_admin(settings: Settings) -> Callable[[str, str], bool]:
    admins = {Address.parse(i) for i in settings.admin_ids}
    return lambda platform, user_id: Address(platform, user_id) in admins


def build_conversation(settings: Settings, engine: Engine, fixed_today: dt.date | None = None) -> Conversation:
    fixed = fixed_today or settings.bot_today
    catalog = build_catalog(settings)
    answerers = [catalog[p.id] for p in catalog.plans]
    return Conversation(answerers, lambda: UnitOfWork(engine), lambda: today(fixed), receivers(settings),
                        is_admin(settings), settings.reminder_offsets, settings.reminder_hour,
                        pdf=settings.documents_pdf, received_by=received_by(settings),
                        cache_size=settings.state_cache_size, overview_link=overview_url(link_signer(settings)))


def build_scheduler(settings: Settings, engine: Engine, conversation: Conversation, registry: Registry,
                    coordination: Coordination, now: Callable[[], dt.datetime] | None = None) -> Scheduler:
    """The scheduler over the database and the conversation's reminders, pushing (reminders, announcements,
    notices) through the registry's channels, at the rates and pauses `coordination` holds."""
    limits = {"telegram": Limits(settings.push_rate, settings.push_chat_rate),
              "zalo": Limits(settings.zalo_push_rate, settings.push_chat_rate, settings.zalo_quota_pause)}
    return Scheduler(engine, conversation.reminders, registry.channels, limits,
                     [Address.parse(i) for i in settings.admin_ids], now or conversation.now,
                     gates=coordination.gates, pauses=coordination.pauses)
