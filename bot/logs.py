"""Logging: the project's own loggers at LOG_LEVEL, every library's at WARNING whatever LOG_LEVEL says.

Libraries log what they send and receive at INFO and DEBUG (python-telegram-bot's ExtBot logs whole requests: a
nominee's name, birth date, the user's questions), and Decree 13 forbids that: personal data is never logged."""
from __future__ import annotations

import logging
import sys
from typing import TextIO

OWN = ("bot", "handlers", "knowledge", "storage", "documents", "__main__")
LIBRARIES_AT_MOST = logging.WARNING
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure(level: str, stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(LIBRARIES_AT_MOST)
    for name in OWN:
        logging.getLogger(name).setLevel(level.upper())
