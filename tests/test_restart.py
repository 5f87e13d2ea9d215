"""The console bot really killed (SIGKILL) in the middle of a nomination and started again: nothing is lost."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from docx import Document as DocxDocument

from tests.chat_driver import ACHIEVEMENT
from tests.conftest import PLAN_ID, ROOT


class ConsoleBot:
    """`python -m bot chat` in its own process; each line typed waits for the reply that follows it."""

    def __init__(self, database: Path, cwd: Path = ROOT) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID,
               "DATABASE_URL": f"sqlite:///{database}", "LOG_LEVEL": "ERROR"}
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--today", "2024-08-01"], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line)

    def type(self, text: str, expect: str, timeout: float = 30.0) -> str:
        """Type a line; return the output up to and including a line containing `expect`."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                seen.append(self.lines.get(timeout=0.1))
            except queue.Empty:
                continue
            if expect in seen[-1]:
                return "".join(seen)
        raise AssertionError(f"no {expect!r} after {text!r}: {''.join(seen)}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


def test_killed_mid_nomination_the_user_continues_where_they_were(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path / "bot.db")
    bot.type("/denghi", "đơn vị nào")
    bot.type("Quận Hoàn Kiếm", "loại khen thưởng")
    bot.type("2", "phong trào")
    bot.type("10", "tập thể hay cá nhân")
    bot.type("Cá nhân", "Họ và tên")
    bot.type("Vũ Thị Mai", "Giới tính")
    bot.type("Nữ", "năm sinh")
    bot.kill()  # after the birth date was asked, before it was answered

    again = ConsoleBot(tmp_path / "bot.db")
    out = again.type("2/9/1975", "Chức vụ")  # the answer to the question asked before the kill
    assert "Đã lưu" in out and "Họ và tên" not in out and "Giới tính" not in out
    again.type("Chuyên viên", "Đơn vị công tác")
    again.type("Phòng Văn hóa và Thông tin quận Hoàn Kiếm", "phạm vi quản lý")
    again.type("Có", "Thành tích nổi bật")
    again.kill()  # killed again, right after an answer was acknowledged

    third = ConsoleBot(tmp_path / "bot.db")
    out = third.type("/tieptuc", "Thành tích nổi bật")
    assert "Bước" in out
    third.type(ACHIEVEMENT, "Sáng kiến")
    review = third.type("/hosocuatoi", "Vũ Thị Mai")
    assert "nháp" in review
    third.proc.stdin.close()  # type: ignore[union-attr]
    assert third.proc.wait(10) == 0


def test_a_whole_nomination_typed_in_the_console_ends_with_documents_saved(tmp_path: Path) -> None:
    bot = ConsoleBot(tmp_path / "bot.db", cwd=tmp_path)
    for line, expect in (("/start", "Lập hồ sơ đề nghị"), ("6", "đơn vị nào"), ("Sở Tài chính", "loại khen thưởng"),
                         ("1", "phong trào"), ("11", "tập thể hay cá nhân"), ("1", "Tên đầy đủ của tập thể"),
                         ("Phòng Quản lý ngân sách", "Cơ quan quản lý"), ("Sở Tài chính", "người đứng đầu"),
                         ("Ngô Thị Hằng", "bao nhiêu thành viên"), ("12", "phạm vi quản lý"), ("1", "hành động"),
                         (ACHIEVEMENT, "Công trạng"), (ACHIEVEMENT, "tiêu chuẩn sau"), ("1", "Báo cáo tóm tắt"),
                         ("1", "Các hồ sơ liên quan"), ("2", "Kiểm tra lại hồ sơ")):
        bot.type(line, expect)
    bot.type("1", "Chữ viết tắt")  # the unit's first submission: its profile first, asked once
    bot.type("STC", "Ai ký Tờ trình")
    bot.type("2", "Họ và tên người ký")  # KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
    bot.type("Nguyễn Văn Ký", "Xác nhận")
    out = bot.type("1", "Tệp đã lưu")
    assert "Đã nộp" in out and "nơi nhận: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (Mục III.5.1)" in out
    assert "(Tờ trình, Danh sách đề nghị khen thưởng, Báo cáo thành tích)" in out and "Biên bản" not in out
    bot.proc.stdin.close()  # type: ignore[union-attr]
    assert bot.proc.wait(10) == 0
    saved = sorted(p.name for p in (tmp_path / "data" / "tai-lieu").iterdir())
    assert any("to-trinh" in n for n in saved) and any("bao-cao" in n for n in saved), saved
    to_trinh = DocxDocument(tmp_path / "data" / "tai-lieu" / next(n for n in saved if "to-trinh" in n))
    cells = [c.text for t in to_trinh.tables for r in t.rows for c in r.cells]
    lines = "\n".join([p.text for p in to_trinh.paragraphs] + cells).splitlines()
    assert {"ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "SỞ TÀI CHÍNH", "Số: .../TTr-STC"} <= set(lines)
    assert {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Ký"} <= set(lines)
