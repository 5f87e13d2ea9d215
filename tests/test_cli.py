"""The command line speaks the grader's protocol and the console conversation, as real subprocesses."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile

from tests.conftest import PLAN_ID, ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/bot.db",
       "PLAN_IDS": PLAN_ID}


def _bot(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=env or ENV, timeout=60)


def test_ask_json_reads_stdin_one_line_per_question() -> None:
    out = _bot("ask", "--json", "--today", "2024-02-20", "-",
               stdin="Còn bao nhiêu ngày đến hạn gửi kế hoạch thi đua?\nTỷ giá đô la hôm nay?\n")
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["found"] and "còn 9 ngày" in first["answer"] and first["sources"] == ["IV.3"]
    assert second == {"answer": second["answer"], "sources": [], "found": False}
    assert out.stderr == ""


def test_ask_flushes_each_answer_before_the_next_question() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--json", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
    try:
        proc.stdin.write("hạn nộp hồ sơ khen thưởng?\n")
        proc.stdin.flush()
        line = proc.stdout.readline()  # would block forever if the answer were buffered
        assert json.loads(line)["sources"] == ["III.4.2"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_ask_plain_text_and_bot_today_from_the_environment() -> None:
    out = _bot("ask", "hạn", "nộp", "hồ", "sơ", "khen", "thưởng?", env={**ENV, "BOT_TODAY": "2024-08-20"})
    assert out.returncode == 0 and "còn 12 ngày" in out.stdout


def test_chat_scripted_through_stdin() -> None:
    out = _bot("chat", "--today", "2024-02-20", stdin="/start\n2\nquan dc de nghi may cn\n/help\n")
    assert out.returncode == 0, out.stderr
    assert "1. Hỏi đáp" in out.stdout and "Hạn chót" in out.stdout
    assert "còn 9 ngày" in out.stdout and "tối đa 03 cá nhân" in out.stdout and "/hanchot" in out.stdout


def test_unknown_plan_is_a_clear_error() -> None:
    out = _bot("ask", "hạn nộp?", env={**ENV, "PLAN_IDS": "khong-co"})
    assert out.returncode == 2 and "Lỗi dữ liệu kế hoạch" in out.stderr and "Traceback" not in out.stderr


def test_plan_chosen_by_configuration(tmp_path) -> None:
    import shutil

    import yaml

    from knowledge.loader import PLANS_DIR
    data = yaml.safe_load((PLANS_DIR / f"{PLAN_ID}.yaml").read_text("utf-8"))
    data["id"] = "ha-noi-thu"
    data["deadlines"][1]["date"], data["deadlines"][1]["wording"] = "2025-09-15", "trước ngày 15/9/2025"
    (tmp_path / "ha-noi-thu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shutil.copy(PLANS_DIR / f"{PLAN_ID}.yaml", tmp_path)
    env = {**ENV, "PLANS_DIR": str(tmp_path), "PLAN_IDS": "ha-noi-thu"}
    assert "ha-noi-thu" in _bot("plans", env=env).stdout
    assert "15/9/2025" in _bot("ask", "hạn nộp hồ sơ khen thưởng tổng kết?", env=env).stdout


def test_db_upgrade_then_export_submissions_as_csv_and_xlsx(tmp_path, answerer) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    from tests.chat_driver import Chat, individual_to_review, submit
    from tests.conftest import DURING_PLAN, make_conversation

    url = f"sqlite:///{tmp_path}/bot.db"
    env = {**ENV, "DATABASE_URL": url}
    upgraded = _bot("db", "upgrade", env=env)
    assert upgraded.returncode == 0 and "phiên bản mới nhất" in upgraded.stdout
    from storage.database import make_engine

    chat = Chat(make_conversation(answerer, make_engine(url), DURING_PLAN))
    individual_to_review(chat, name="Hoàng Thị Hạnh")
    submit(chat)
    individual_to_review(chat, name="Đặng Văn Khôi")  # a draft: not exported

    out = subprocess.run([sys.executable, "-m", "bot", "nominations", "export", "--format", "csv"],
                         capture_output=True, cwd=ROOT, env=env, timeout=60)
    rows = list(csv.reader(io.StringIO(out.stdout.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số hồ sơ", "Đơn vị đề nghị", "Loại khen thưởng"] and len(rows) == 2
    assert rows[1][1:6] == ["Quận Ba Đình", "Khen thưởng tổng kết đợt thi đua", "Cá nhân", "Hoàng Thị Hạnh",
                            "Phong trào thi đua thúc đẩy xây dựng đô thị văn minh, “Sáng - xanh - sạch - đẹp”"]
    book = tmp_path / "hs.xlsx"
    assert _bot("nominations", "export", "--format", "xlsx", "--out", str(book), env=env).returncode == 0
    sheet = load_workbook(book).active
    assert sheet.max_row == 2 and sheet["E2"].value == "Hoàng Thị Hạnh" and sheet["G2"].value == "Đã nộp"


def test_ask_imports_no_messaging_library_and_no_database() -> None:
    code = ("import sys; from bot.cli import main; main(['ask', 'hạn nộp?']); "
            "print(sorted(m for m in ('aiohttp', 'aiogram', 'telegram', 'sqlalchemy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=60)
    assert out.returncode == 0 and out.stdout.splitlines()[-1] == "[]", out.stderr


def test_documents_writes_a_units_dossier(tmp_path, answerer) -> None:
    from docx import Document

    from storage.database import make_engine, upgrade
    from tests.chat_driver import Chat, individual_to_review, submit
    from tests.conftest import DURING_PLAN, make_conversation

    url = f"sqlite:///{tmp_path}/bot.db"
    engine = make_engine(url)
    upgrade(engine)
    for i, name in enumerate(("Hoàng Thị Hạnh", "Đặng Văn Khôi")):
        chat = Chat(make_conversation(answerer, engine, DURING_PLAN), user=f"u{i}")
        individual_to_review(chat, name=name)
        submit(chat)
    env = {**ENV, "DATABASE_URL": url, "BOT_TODAY": "2024-08-02"}
    out = _bot("documents", "--unit", "quận ba đình", "--out", str(tmp_path / "out"), "--no-pdf", env=env)
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 5 and sum("bao-cao" in n for n in names) == 2, names
    listing = next(tmp_path / "out" / n for n in names if "danh-sach" in n)
    text = "\n".join(c.text for t in Document(listing).tables for r in t.rows for c in r.cells)
    assert "Hoàng Thị Hạnh" in text and "Đặng Văn Khôi" in text
    missing = _bot("documents", "--unit", "Quận Tây Hồ", "--out", str(tmp_path / "none"), env=env)
    assert missing.returncode == 1 and "Không có hồ sơ đã nộp" in missing.stderr


def _read_until(fd: int, wanted: str | None, timeout: float = 30.0) -> str:
    """What the terminal shows until `wanted` is in it, or (`wanted` None) until the process closed it."""
    import select
    import time

    seen, deadline = b"", time.monotonic() + timeout
    while (wanted is None or wanted.encode() not in seen) and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
    return seen.decode(errors="replace")


def _exit_code(pid: int, timeout: float = 30.0) -> int:
    """The process's exit code; killed and failed when it has not ended within `timeout` (never a hung suite)."""
    import signal
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"the process did not end within {timeout} s")


def test_ctrl_c_in_the_console_says_goodbye_without_a_traceback() -> None:
    import pty
    import signal

    pid, fd = pty.fork()
    if pid == 0:  # the child: the bot's console in a real terminal
        try:
            # Ctrl+C as a terminal user has it: a shell without job control (a CI step, `cmd &` in a script) starts
            # its children with SIGINT ignored, and Python then installs no KeyboardInterrupt handler
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "bot", "chat"], ENV)
        finally:
            os._exit(127)
    try:
        assert "> " in _read_until(fd, "> ")
        os.write(fd, "/start\n".encode())
        assert "Lập hồ sơ đề nghị" in _read_until(fd, "Lập hồ sơ đề nghị")
        os.write(fd, b"\x03")  # Ctrl+C as typed: the terminal sends SIGINT
        rest = _read_until(fd, None)  # all the console still writes, until it closes the terminal
        assert "Tạm biệt anh/chị" in rest and "Traceback" not in rest and "KeyboardInterrupt" not in rest, rest
        assert _exit_code(pid) == 0
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):  # not left running after a failure
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def test_run_without_a_channel_or_a_terminal_fails_and_names_the_settings() -> None:
    env = {k: v for k, v in ENV.items() if k not in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN")}
    out = subprocess.run([sys.executable, "-m", "bot", "run"], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert "TELEGRAM_BOT_TOKEN" in out.stderr and "ZALO_BOT_TOKEN" in out.stderr and "Traceback" not in out.stderr


def test_a_failure_in_the_console_is_an_apology_and_the_traceback_goes_to_the_log(tmp_path) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path}/bot.db"
    assert _bot("db", "upgrade", env={**ENV, "DATABASE_URL": url}).returncode == 0
    with sqlite3.connect(tmp_path / "bot.db") as db:  # every event now fails where it reads the chat's state
        db.execute("DROP TABLE conversation_states")
    out = subprocess.run([sys.executable, "-m", "bot", "chat"], input="hạn nộp hồ sơ?\n", capture_output=True,
                         text=True, cwd=tmp_path, env={**ENV, "DATABASE_URL": url}, timeout=60)
    assert out.returncode == 0 and "Xin lỗi" in out.stdout
    assert "Traceback" not in out.stdout + out.stderr
    assert "Traceback" in (tmp_path / "data" / "console.log").read_text("utf-8")
