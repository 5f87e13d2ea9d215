"""The conversation core: routes an incoming event to a handler and returns replies, for every channel."""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import jinja2

from handlers.choices import pick
from handlers.events import Choice, Incoming, Reply
from handlers.state import StateStore
from knowledge.answer import Answerer
from knowledge.normalize import upper_first

TEMPLATES = Path(__file__).resolve().parent / "templates"
MENU = (
    Choice("Hỏi đáp", "menu:hoidap"),
    Choice("Hạn chót", "menu:hanchot"),
    Choice("Chỉ tiêu", "menu:chitieu"),
    Choice("Tiêu chuẩn", "menu:tieuchuan"),
    Choice("Hồ sơ cần nộp", "menu:hoso"),
)
DOUBLE_TAP_SECONDS = 2.0  # the same button of the same message pressed again this soon acts once
TOPICS = {"hanchot": "deadline", "chitieu": "quota", "tieuchuan": "criteria", "hoso": "dossier"}
COMMANDS = (  # the command menu channels register (Telegram's setMyCommands)
    ("start", "Bắt đầu, menu chính"),
    ("hanchot", "Các thời hạn và số ngày còn lại"),
    ("chitieu", "Số lượng được đề nghị khen thưởng"),
    ("tieuchuan", "Tiêu chuẩn khen thưởng"),
    ("hoso", "Hồ sơ cần nộp"),
    ("huy", "Hủy thao tác đang làm"),
    ("help", "Hướng dẫn sử dụng"),
)


class Conversation:
    """Platform-free: takes `Incoming`, gives `Reply`s; channels only translate."""

    def __init__(self, answerer: Answerer, state: StateStore, today: Callable[[], dt.date]) -> None:
        self.answerer = answerer
        self.state = state
        self.today = today
        self.templates = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
                                            lstrip_blocks=True, undefined=jinja2.StrictUndefined)

    def handle(self, event: Incoming) -> list[Reply]:
        key = f"{event.platform}:{event.chat_id}"
        state = self.state.get(key)
        offered = [Choice(*c) for c in state.get("choices", [])]  # type: ignore[misc]
        if self._double_tap(event, state):
            return []
        replies = self._route(event, offered)
        offered_now = [c for r in replies for c in r.choices]
        cancelled = event.command is not None and event.command[0] == "huy"
        state["choices"] = [(c.label, c.payload) for c in offered_now] or ([] if cancelled else state.get("choices", []))
        self.state.set(key, state)
        return replies

    @staticmethod
    def _double_tap(event: Incoming, state: dict[str, object]) -> bool:
        if not event.payload:
            return False
        tap = [event.origin, event.payload]
        now = time.monotonic()
        again = state.get("last_tap") == tap and now - float(state.get("last_tap_at", 0.0)) < DOUBLE_TAP_SECONDS
        state["last_tap"], state["last_tap_at"] = tap, now
        return again

    def _route(self, event: Incoming, offered: list[Choice]) -> list[Reply]:
        if event.payload:
            return self._payload(event.payload)
        if event.command:
            name, _ = event.command
            return self._command(name)
        if event.attachment and not event.text.strip():
            return [self._text("attachment.j2")]
        chosen = pick(event.text, offered)
        if chosen:
            return self._payload(chosen.payload)
        answer = self.answerer.answer(event.text, self.today())
        return [Reply(answer.text)]

    def _command(self, name: str) -> list[Reply]:
        if name == "start":
            return [Reply(self._render("start.j2", plan_name=self.answerer.plan.short_name), MENU)]
        if name == "help":
            return [self._text("help.j2")]
        if name == "huy":
            return [self._text("cancelled.j2")]
        if name == "chitieu":
            choices = tuple(Choice(upper_first(c.label), f"quota:{c.id}")
                            for c in self.answerer.plan.unit_classes)
            return [Reply(self._render("ask_unit_class.j2"), choices)]
        if name in TOPICS:
            return [Reply(self.answerer.topic(TOPICS[name], self.today()).text)]
        return [self._text("unknown_command.j2", name=name[:32])]

    def _payload(self, payload: str) -> list[Reply]:
        kind, _, value = payload.partition(":")
        if kind == "menu" and value == "hoidap":
            return [self._text("ask_prompt.j2")]
        if kind == "menu":
            return self._command(value)
        if kind == "quota":
            return [Reply(self.answerer.topic("quota", self.today(), unit_class=value).text)]
        return [self._text("unknown_command.j2", name=value[:32])]

    def _render(self, template: str, **ctx: object) -> str:
        return self.templates.get_template(template).render(**ctx).strip()

    def _text(self, template: str, **ctx: object) -> Reply:
        return Reply(self._render(template, **ctx))
