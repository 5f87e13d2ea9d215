"""Settings from the environment (and `.env`), read once at start by the composition root."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from handlers.state_cache import DEFAULT_SIZE as STATE_CACHE_SIZE
from knowledge.dates import REMINDER_HOUR, REMINDER_OFFSETS

DEFAULT_DATABASE = "sqlite:///data/trolythidua.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    plan_ids: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Plans served, comma-separated file names under the plans folder without "
                                          ".yaml, the default first; unset: every plan there")
    plans_dir: Path | None = Field(None, description="Folder of plan files (default: the packaged knowledge/plans)")
    bot_today: dt.date | None = Field(None, description="Pretend today is this date (YYYY-MM-DD)")
    log_level: str = "WARNING"
    telegram_bot_token: SecretStr | None = Field(None, description="Bot token from @BotFather; unset: console")
    telegram_api_base: str = Field("https://api.telegram.org", description="Bot API server root")
    telegram_backend: Literal["aiogram", "ptb"] = Field("aiogram", description="aiogram, or python-telegram-bot")
    webhook_url: str | None = Field(None, description="Public https URL for Telegram updates; unset: long polling")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token")
    webhook_listen: str = Field("0.0.0.0:8080", description="host:port the webhook server listens on")
    admin_ids: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated admin ids: '123' (Telegram) or 'zalo:abc'")
    receivers: dict[str, list[str]] = Field(
        default_factory=dict, description='JSON: receiving body -> ids told of each submission to it, '
                                          'e.g. {"Sở Y tế": ["123", "zalo:abc"]}')
    documents_pdf: bool = Field(True, description="In chat, a PDF beside each DOCX when LibreOffice is installed")
    database_url: str = Field(DEFAULT_DATABASE, description="SQLAlchemy URL: SQLite file (default) or postgresql://...")
    zalo_bot_token: SecretStr | None = Field(None, description="Zalo Bot Platform token; set: Zalo runs too")
    zalo_api_base: str = Field("https://bot-api.zaloplatforms.com", description="Zalo Bot Platform server root")
    zalo_webhook_url: str | None = Field(None, description="Public https URL for Zalo updates; unset: long polling")
    zalo_webhook_secret: SecretStr | None = Field(None, description="Secret Zalo sends in X-Bot-Api-Secret-Token")
    reminder_offsets: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: list(REMINDER_OFFSETS),
        description="Days before a deadline's last day a reminder goes out")
    reminder_hour: dt.time = Field(REMINDER_HOUR, description="Time of day reminders go out, Asia/Ho_Chi_Minh")
    push_rate: float = Field(30.0, gt=0, description="Telegram pushes per second, all chats")
    push_chat_rate: float = Field(1.0, gt=0, description="Pushes per second to one chat, on every platform")
    zalo_push_rate: float = Field(5.0, gt=0, description="Zalo pushes per second, all chats")
    zalo_quota_pause: float = Field(3600.0, gt=0, description="Seconds Zalo pushes pause after 'Quota exceeded'")
    scheduler_every: float = Field(30.0, gt=0, description="Seconds between scheduler runs inside `run`")
    state_cache_size: int = Field(STATE_CACHE_SIZE, gt=0, description="Chats whose state is kept in memory")
    public_url: str | None = Field(None, description="Public https root of the bot's web server (the one "
                                                     "WEBHOOK_LISTEN serves), for signed links: files Zalo cannot "
                                                     "upload, the secretariat's overview; unset: no links")
    link_secret: SecretStr | None = Field(None, description="Key that signs those links; unset: derived from the "
                                                            "bot tokens")
    link_hours: float = Field(24.0, gt=0, description="Hours a signed link stays valid")
    redis_url: str | None = Field(None, description="redis://host:port/db shared by several processes serving the "
                                                    "bot; unset: one process")

    @field_validator("admin_ids", "reminder_offsets", "plan_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Lists are written comma-separated: ADMIN_IDS=123,zalo:abc; REMINDER_OFFSETS=30,7,1,0."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _several_processes_can_work(self) -> Settings:
        """With REDIS_URL several processes serve one bot: they need one database server, and updates by webhook
        (processes long polling one bot take each other's updates away)."""
        if not self.redis_url:
            return self
        if self.database_url.startswith("sqlite"):
            raise ValueError("REDIS_URL (several processes) needs DATABASE_URL on PostgreSQL, not SQLite")
        channels = ((self.telegram_bot_token, self.webhook_url, "TELEGRAM_BOT_TOKEN needs WEBHOOK_URL"),
                    (self.zalo_bot_token, self.zalo_webhook_url, "ZALO_BOT_TOKEN needs ZALO_WEBHOOK_URL"))
        for token, url, needs in channels:
            if token and not url:
                raise ValueError(f"REDIS_URL (several processes): {needs}; long polling serves one process only")
        return self
