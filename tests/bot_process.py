"""`python -m bot run` as a real process for the tests: started with extra environment, stopped with SIGTERM, which
it must survive cleanly (exit status 0)."""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

from tests.conftest import PLAN_ID, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.asynccontextmanager
async def running_bot(cwd: Path, **env: str) -> AsyncIterator[asyncio.subprocess.Process]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DOCUMENTS_PDF": "false", "PLAN_IDS": PLAN_ID, **env}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=cwd, env=environment)
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(proc.wait(), 15)
        except asyncio.TimeoutError:  # not left running (and polling) after the test
            proc.kill()
            await proc.wait()
            raise AssertionError("the bot did not stop within 15 s of SIGTERM") from None
        assert code == 0
