"""The command line speaks the grader's protocol and the console conversation, as real subprocesses."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


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
    out = _bot("ask", "hạn nộp?", env={**ENV, "PLAN_ID": "khong-co"})
    assert out.returncode == 2 and "Lỗi dữ liệu kế hoạch" in out.stderr and "Traceback" not in out.stderr


def test_plan_chosen_by_configuration(tmp_path) -> None:
    import shutil

    import yaml

    from knowledge.loader import PLANS_DIR
    from tests.conftest import PLAN_ID
    data = yaml.safe_load((PLANS_DIR / f"{PLAN_ID}.yaml").read_text("utf-8"))
    data["id"] = "ha-noi-thu"
    data["deadlines"][1]["date"], data["deadlines"][1]["wording"] = "2025-09-15", "trước ngày 15/9/2025"
    (tmp_path / "ha-noi-thu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shutil.copy(PLANS_DIR / f"{PLAN_ID}.yaml", tmp_path)
    env = {**ENV, "PLANS_DIR": str(tmp_path), "PLAN_ID": "ha-noi-thu"}
    assert "ha-noi-thu" in _bot("plans", env=env).stdout
    assert "15/9/2025" in _bot("ask", "hạn nộp hồ sơ khen thưởng tổng kết?", env=env).stdout


def test_ask_imports_no_messaging_library() -> None:
    code = ("import sys; from bot.cli import main; main(['ask', 'hạn nộp?']); "
            "print(sorted(m for m in ('aiohttp', 'aiogram', 'telegram') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=60)
    assert out.returncode == 0 and out.stdout.splitlines()[-1] == "[]", out.stderr
