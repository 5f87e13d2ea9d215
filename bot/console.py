"""The console channel: lines in, replies out; choices shown as a numbered list and answered by number or label."""
from __future__ import annotations

from pathlib import Path
from typing import TextIO

from handlers.conversation import Conversation
from handlers.events import Incoming, Reply

PROMPT = "> "
GOODBYE = "Tạm biệt anh/chị. Các câu trả lời đã được lưu; gõ /tieptuc khi quay lại để làm tiếp hồ sơ."
FILES = Path("data/tai-lieu")  # where documents the core produces are saved, under the working folder
LOG = Path("data/console.log")  # where the console's log goes: the terminal is the user's, not the operator's


def render(reply: Reply) -> str:
    """The reply's text and its choices as a numbered list (the console's way, and Zalo's)."""
    lines = [reply.text] if reply.text else []
    lines += [f"  {i}. {c.label}" if reply.numbered else f"  - {c.label}" for i, c in enumerate(reply.choices, 1)]
    if reply.choices:
        lines.append("(Gõ số hoặc tên mục để chọn.)" if reply.numbered else "(Gõ tên mục để chọn.)")
    return "\n".join(lines)


def save(reply: Reply, files: Path) -> str:
    """A document the core produced, saved under `files`: the line that says where."""
    assert reply.document is not None
    files.mkdir(parents=True, exist_ok=True)
    path = files / reply.document.filename
    path.write_bytes(reply.document.data)
    return f"[Tệp đã lưu: {path}]"


def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO, files: Path = FILES) -> int:
    """Until end of input or Ctrl+C, which both end with a goodbye, never a traceback."""
    interactive = stdin.isatty()
    if interactive:
        stdout.write("Trợ lý Thi đua — gõ /start để bắt đầu, Ctrl+C hoặc Ctrl+D để thoát.\n")
    try:
        _converse(conversation, stdin, stdout, files, interactive)
    except KeyboardInterrupt:
        pass
    if interactive:
        stdout.write("\n" + GOODBYE + "\n")
    stdout.flush()
    return 0


def _converse(conversation: Conversation, stdin: TextIO, stdout: TextIO, files: Path, interactive: bool) -> None:
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            return
        event = Incoming(platform="console", chat_id="console", user_id="console", text=line.rstrip("\n"))
        for reply in (made for answer in conversation.handle(event) for made in answer.made()):
            if reply.to is not None:
                continue  # a notice for someone else: the core posted it; a serving process's scheduler sends it
            shown = "\n".join(x for x in (render(reply), save(reply, files) if reply.document else "") if x)
            stdout.write(shown + "\n\n")
        stdout.flush()
