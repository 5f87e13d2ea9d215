"""compose.yaml as a person starts it: its settings are ones the bot accepts for several processes, its workers run
the command `tests/test_behind_a_proxy.py` runs three of, and nginx sends to the port and health route they serve.
(Where a container engine exists, `docker compose config` checks the file itself; there is none on CI.)"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from bot.config import Settings
from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
NGINX = (ROOT / "deploy" / "nginx.conf").read_text("utf-8")


def test_the_stack_has_its_four_services() -> None:
    assert set(COMPOSE["services"]) == {"postgres", "redis", "bot", "proxy"}
    assert COMPOSE["services"]["bot"]["deploy"]["replicas"] >= 2


def test_workers_run_the_images_command_and_settings_the_bot_accepts() -> None:
    bot = COMPOSE["services"]["bot"]
    assert bot["command"] == ["python", "-m", "bot", "run"]
    assert 'CMD ["python", "-m", "bot", "run"]' in (ROOT / "Dockerfile").read_text("utf-8")
    env = {k: v.replace("${POSTGRES_PASSWORD}", "secret") for k, v in bot["environment"].items()}
    fields = {name.upper() for name in Settings.model_fields}
    assert set(env) <= fields
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()},  # type: ignore[arg-type]
                        telegram_bot_token="1:T", webhook_url="https://bot.example.vn/telegram")
    assert settings.database_url.startswith("postgresql://") and settings.redis_url


def test_nginx_sends_to_the_workers_port_and_they_report_health() -> None:
    bot = COMPOSE["services"]["bot"]
    port = bot["environment"]["WEBHOOK_LISTEN"].rsplit(":", 1)[1]
    assert re.search(rf"server bot:{port} resolve;", NGINX)
    assert f"127.0.0.1:{port}/healthz" in " ".join(bot["healthcheck"]["test"])
    assert "non_idempotent" in NGINX  # a POSTed update retried on another worker: it is applied once anyway
    assert bot["stop_signal"] == "SIGTERM"


def _compose() -> bool:
    return bool(shutil.which("docker")) and subprocess.run(["docker", "compose", "version"],
                                                            capture_output=True).returncode == 0


@pytest.mark.skipif(not _compose(), reason="no docker compose here")
def test_compose_file_is_valid_where_compose_exists() -> None:
    done = subprocess.run(["docker", "compose", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          env={"POSTGRES_PASSWORD": "x", "PATH": "/usr/bin:/usr/local/bin"})
    assert done.returncode == 0, done.stderr
