"""Draft a plan's data file from its text: file → clean lines → sections → header, facts, bodies → YAML."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


class DraftError(Exception):
    """The file cannot be drafted from: its message names the file and the problem."""


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The cue words of `cues.yaml`: the vocabulary the drafter reads a plan's text by."""
    return yaml.safe_load((Path(__file__).parent / "cues.yaml").read_text("utf-8"))
