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

import aiohttp

from tests.conftest import PLAN_ID, ROOT

STARTED = 90  # seconds: the give-up limit on a first reply, which waits for the process to start (aiogram's import
# alone takes 15-20 s on a loaded machine); a test that passes does not wait for it


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


async def started_bot(port: int, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """A `run` process in webhook mode on `port`, once its /healthz answers (a process to kill: no context)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DOCUMENTS_PDF": "false", "PLAN_IDS": PLAN_ID, **env,
                   "WEBHOOK_LISTEN": f"127.0.0.1:{port}"}
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=cwd, env=environment)
    async with aiohttp.ClientSession() as http:
        for _ in range(900):  # 90 s: aiogram's import alone takes seconds on a loaded machine
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return proc
            except aiohttp.ClientConnectionError:
                pass
            assert proc.returncode is None, "the bot exited at start"
            await asyncio.sleep(0.1)
    raise AssertionError("the bot did not start")


async def stopped_bot(proc: asyncio.subprocess.Process) -> int:
    """Its exit status after SIGTERM (or after whatever ended it)."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    return await asyncio.wait_for(proc.wait(), 60)
