"""The console channel: lines in, replies out; choices shown as a numbered list and answered by number or label."""
from __future__ import annotations

from typing import TextIO

from handlers.conversation import Conversation
from handlers.events import Incoming, Reply

PROMPT = "> "


def render(reply: Reply) -> str:
    lines = [reply.text]
    lines += [f"  {i}. {c.label}" for i, c in enumerate(reply.choices, 1)]
    if reply.choices:
        lines.append("(Gõ số hoặc tên mục để chọn.)")
    return "\n".join(lines)


def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO) -> int:
    interactive = stdin.isatty()
    if interactive:
        stdout.write("Trợ lý Thi đua — gõ /start để bắt đầu, Ctrl+D để thoát.\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        event = Incoming(platform="console", chat_id="console", user_id="console", text=line.rstrip("\n"))
        for reply in conversation.handle(event):
            stdout.write(render(reply) + "\n\n")
        stdout.flush()
