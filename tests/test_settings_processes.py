"""Settings refuse a setup of several processes that cannot work (REDIS_URL with SQLite, or with long polling);
without REDIS_URL everything stays as for one process."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.bootstrap import build_coordination
from bot.cli import main
from bot.config import DEFAULT_DATABASE, Settings
from bot.coordination.locks import LocalChatLocks, RedisChatLocks

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379"
HOOKS = {"webhook_url": "https://bot.example/telegram", "zalo_webhook_url": "https://bot.example/zalo"}


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REDIS_URL", "DATABASE_URL", "TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "WEBHOOK_URL",
                 "ZALO_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_redis_with_sqlite_is_refused_naming_both() -> None:
    with pytest.raises(ValidationError, match="REDIS_URL.*DATABASE_URL.*not SQLite"):
        settings(redis_url=REDIS)
    with pytest.raises(ValidationError, match="REDIS_URL.*DATABASE_URL"):
        settings(redis_url=REDIS, database_url="sqlite:///data/bot.db")


def test_the_command_says_what_is_refused_without_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("REDIS_URL", REDIS)
    assert main(["plans"]) == 2
    error = capsys.readouterr().err
    assert "REDIS_URL" in error and "DATABASE_URL" in error and "Traceback" not in error


@pytest.mark.parametrize("token, needs", [("telegram_bot_token", "WEBHOOK_URL"),
                                          ("zalo_bot_token", "ZALO_WEBHOOK_URL")])
def test_redis_with_long_polling_is_refused_for_each_platform(token: str, needs: str) -> None:
    with pytest.raises(ValidationError, match=f"REDIS_URL.*needs {needs}"):
        settings(redis_url=REDIS, database_url=POSTGRES, **{token: "1:abc"})


def test_redis_with_postgresql_and_webhooks_is_taken() -> None:
    chosen = settings(redis_url=REDIS, database_url=POSTGRES, telegram_bot_token="1:abc", zalo_bot_token="2:def",
                      **HOOKS)
    assert isinstance(build_coordination(chosen).locks, RedisChatLocks)


def test_without_redis_one_process_as_before() -> None:
    chosen = settings(telegram_bot_token="1:abc", zalo_bot_token="2:def")  # SQLite and long polling
    assert chosen.redis_url is None and chosen.database_url == DEFAULT_DATABASE
    assert isinstance(build_coordination(chosen).locks, LocalChatLocks)
