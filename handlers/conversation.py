"""The conversation core: routes an incoming event to a handler and returns replies, for every channel.

One transaction per event: the chat's state, the user and every answer the event changes are committed together."""
from __future__ import annotations

import copy
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from knowledge.answer import Answerer
from knowledge.dates import REMINDER_HOUR, REMINDER_OFFSETS
from knowledge.normalize import upper_first
from storage.unit_of_work import UnitOfWork

from handlers.asking import Asking
from handlers.choices import pick
from handlers.events import Address, Choice, Incoming, Reply
from handlers.gathered import Gathered, ReceivedBy
from handlers.membership import Membership
from handlers.my_data import MyData
from handlers.nomination.form import bind, load_form
from handlers.nomination.wizard import Wizard
from handlers.reminders import TZ, ReminderSchedule, Reminders
from handlers.state_cache import StateCache
from handlers.texts import Texts
from handlers.turn import Turn
from handlers.unit_profile import MODE as PROFILE_MODE
from handlers.unit_profile import UnitProfiles

log = logging.getLogger(__name__)
MENU = (
    Choice("Hỏi đáp", "menu:hoidap"),
    Choice("Hạn chót", "menu:hanchot"),
    Choice("Chỉ tiêu", "menu:chitieu"),
    Choice("Tiêu chuẩn", "menu:tieuchuan"),
    Choice("Hồ sơ cần nộp", "menu:hoso"),
    Choice("Lập hồ sơ đề nghị", "menu:denghi"),
    Choice("Nhắc hạn", "menu:nhachan"),
)
DOUBLE_TAP_SECONDS = 2.0  # the same button of the same message pressed again this soon acts once
TOPICS = {"hanchot": "deadline", "chitieu": "quota", "tieuchuan": "criteria", "hoso": "dossier"}
COMMANDS = (  # the command menu channels register (Telegram's setMyCommands)
    ("start", "Bắt đầu, menu chính"),
    ("hanchot", "Các thời hạn và số ngày còn lại"),
    ("chitieu", "Số lượng được đề nghị khen thưởng"),
    ("tieuchuan", "Tiêu chuẩn khen thưởng"),
    ("hoso", "Hồ sơ cần nộp"),
    ("denghi", "Lập hồ sơ đề nghị khen thưởng"),
    ("tieptuc", "Tiếp tục hồ sơ nháp"),
    ("hosocuatoi", "Hồ sơ của tôi"),
    ("donvi", "Thông tin đơn vị in trên văn bản"),
    ("hosotonghop", "Hồ sơ các đơn vị gửi về cơ quan chủ trì"),
    ("xoadulieu", "Xóa dữ liệu của tôi"),
    ("nhachan", "Bật/tắt nhắc hạn"),
    ("moidonvi", "Mời cán bộ vào đơn vị (mã mời)"),
    ("thamgia", "Nhập mã mời vào đơn vị: /thamgia <mã>"),
    ("huy", "Hủy thao tác đang làm"),
    ("help", "Hướng dẫn sử dụng"),
)
WIZARD_COMMANDS = ("denghi", "tieptuc", "huy")
UnitOfWorkFactory = Callable[[], UnitOfWork]


class Conversation:
    """Platform-free: takes `Incoming`, gives `Reply`s; channels only translate."""

    def __init__(self, answerer: Answerer, uow: UnitOfWorkFactory, today: Callable[[], dt.date],
                 receivers: Callable[[str], list[Address]] = lambda _body: [],
                 is_admin: Callable[[str, str], bool] = lambda _platform, _user: False,
                 schedule: ReminderSchedule | None = None, now: Callable[[], dt.datetime] | None = None,
                 pdf: bool = False, received_by: ReceivedBy = lambda _chat: []) -> None:
        """`pdf`: documents sent in chat get a PDF beside each DOCX (when LibreOffice is installed);
        `received_by`: the bodies a chat is registered to receive for (`receivers` the other way round)."""
        self.answerer, self.uow, self.today = answerer, uow, today
        self._now = now
        self.texts = Texts(answerer.units.examples)
        form = bind(load_form(), answerer.plan, answerer.units)
        asking = Asking(answerer, [c.label for c in MENU] + [name for name, _ in COMMANDS],
                        [f.label for f in [*form.profile, *form.fields]])
        self.profiles = UnitProfiles(form, answerer, asking, self.texts, self._payload)
        self.wizard = Wizard(answerer, form, self.texts, receivers, asking, self.profiles, pdf)
        self.my_data = MyData(self.wizard, self.texts)
        self.gathered = Gathered(answerer, self.profiles, self.texts, received_by, pdf)
        self.schedule = schedule or ReminderSchedule(answerer.plan, list(REMINDER_OFFSETS), REMINDER_HOUR)
        self.reminders = Reminders(answerer.plan, self.schedule, self.texts, is_admin, self.now)
        self.membership = Membership(answerer, self.texts, is_admin)
        self.states = StateCache()  # written through: a restart reloads from the database

    def handle(self, event: Incoming) -> list[Reply]:
        try:
            return self._handle(event)
        except Exception:  # the user gets an apology, never a traceback; the log gets no message text
            log.exception("failed to handle an update on %s", event.platform)
            return [Reply(self.texts.render("error.j2"))]

    def now(self) -> dt.datetime:
        """The injectable time if given, else today's date (the injectable one) at the time of day in the plan's
        time zone."""
        return self._now() if self._now else dt.datetime.combine(self.today(), dt.datetime.now(TZ).time(), TZ)

    def _handle(self, event: Incoming) -> list[Reply]:
        key = f"{event.platform}:{event.chat_id}:{event.user_id}"
        with self.uow() as uow:  # the session connects only when a handler or the state needs it
            if event.update_id and not uow.updates.first_time(event.platform, event.update_id):
                log.info("update %s on %s delivered again: already applied", event.update_id, event.platform)
                return []
            if not self.states.filled:
                self.states.fill(uow.states.newest(self.states.size + 1))
            before = self.states.get(key) if key in self.states else ({} if self.states.complete
                                                                      else uow.states.get(key))
            state = copy.deepcopy(before)
            if self._double_tap(event, state):
                return []
            turn = Turn(event, uow, state, self.today(), [Choice(*c) for c in state.get("choices", [])])
            replies = self._route(turn)
            offered_now = [[c.label, c.payload] for r in replies if r.to is None for c in r.choices]
            kept = offered_now or ([] if self._moved_on(event, before, state) else state.get("choices", []))
            state.update(choices=kept) if kept else state.pop("choices", None)
            if state != before:
                uow.states.set(key, state)
            uow.commit()
        self.states.put(key, state)
        return replies

    @staticmethod
    def _moved_on(event: Incoming, before: dict[str, Any], after: dict[str, Any]) -> bool:
        """The choices last shown no longer apply: the user cancelled, or the nomination they belong to ended."""
        cancelled = event.command is not None and event.command[0] == "huy" and "mode" not in after
        return cancelled or ("mode" in before and "mode" not in after)

    @staticmethod
    def _double_tap(event: Incoming, state: dict[str, Any]) -> bool:
        if not event.payload:
            return False
        tap = [event.origin, event.payload]
        now = time.time()
        again = state.get("last_tap") == tap and now - float(state.get("last_tap_at", 0.0)) < DOUBLE_TAP_SECONDS
        state["last_tap"], state["last_tap_at"] = tap, now
        return again

    def _route(self, turn: Turn) -> list[Reply]:
        event = turn.event
        if event.edited:  # an answer already taken is not changed behind the user's back
            return [self._text("nomination/edited.j2")] if turn.state.get("mode") == "wizard" else []
        if event.payload:
            return self._payload(turn, event.payload)
        if event.command:
            return self._command(turn, *event.command)
        if turn.state.get("mode") == "wizard":
            return self.wizard.on_input(turn)
        if turn.state.get("mode") == PROFILE_MODE:
            return self.profiles.on_input(turn)
        if event.attachment and not event.text.strip():
            return [self._text("attachment.j2")]
        chosen = pick(event.text, turn.offered) or pick(event.text, list(MENU), numbers=False)  # a menu item typed
        if chosen:
            return self._payload(turn, chosen.payload)
        return [Reply(self.answerer.answer(event.text, turn.today).text)]

    def _command(self, turn: Turn, name: str, args: str = "") -> list[Reply]:
        if name not in WIZARD_COMMANDS and turn.state.pop("mode", None) == "wizard":
            return [*self._command(turn, name, args), self._text("nomination/paused.j2")]
        if name != "donvi" and turn.state.pop("profile_then", None):  # /donvi goes on to the submission after
            turn.state.pop("profile_unit", None)
            return [*self._command(turn, name, args), self._text("nomination/not_submitted.j2")]
        with_args = {"thongbao": self.reminders.announce, "moidonvi": self.membership.invite,
                     "thamgia": self.membership.join}
        if name in with_args:
            return with_args[name](turn, args)
        plain: dict[str, Callable[[Turn], list[Reply]]] = {
            "nhachan": self.reminders.toggle, "denghi": self.wizard.start, "tieptuc": self.wizard.resume,
            "huy": self._cancel, "hosocuatoi": self.my_data.list, "hosotonghop": self.gathered.send,
            "donvi": self.profiles.show, "xoadulieu": self.my_data.confirm_erase, "chitieu": self._unit_classes}
        if name in plain:
            return plain[name](turn)
        if name == "start":
            return [Reply(self.texts.render("start.j2", plan_name=self.answerer.plan.short_name), MENU)]
        if name == "help":
            return [self._text("help.j2", commands=COMMANDS)]
        if name in TOPICS:
            return [Reply(self.answerer.topic(TOPICS[name], turn.today).text)]
        return [self._text("unknown_command.j2", name=name[:32])]

    def _unit_classes(self, turn: Turn) -> list[Reply]:
        """/chitieu: the quota depends on the unit's class, asked first."""
        choices = tuple(Choice(upper_first(c.label), f"quota:{c.id}") for c in self.answerer.plan.unit_classes)
        return [Reply(self.texts.render("ask_unit_class.j2"), choices)]

    def _cancel(self, turn: Turn) -> list[Reply]:
        draft = turn.uow.nominations.open_draft(turn.user.id) if turn.state.get("mode") == "wizard" else None
        if draft is not None:
            return self.wizard.confirm_cancel(turn, draft)
        turn.state.pop("mode", None)
        return [self._text("cancelled.j2")]

    def _payload(self, turn: Turn, payload: str) -> list[Reply]:
        kind, _, value = payload.partition(":")
        if kind == "w":
            return self.wizard.on_payload(turn, payload)
        if kind == "gathered":
            return self.gathered.send(turn)
        if kind == "u":
            return self.profiles.on_payload(turn, payload)
        if kind == "docs":
            return self.my_data.documents(turn)
        if kind == "erase":
            return self.my_data.erase(turn, value)
        if kind == "sub":
            return self.reminders.unsubscribe(turn) if value == "off" else self.reminders.subscribe(turn, value)
        if kind == "menu" and value == "hoidap":
            return [self._text("ask_prompt.j2")]
        if kind == "menu":
            return self._command(turn, value)
        if kind == "quota":
            return [Reply(self.answerer.topic("quota", turn.today, unit_class=value).text)]
        return [self._text("unknown_command.j2", name=value[:32])]

    def _text(self, template: str, **ctx: object) -> Reply:
        return Reply(self.texts.render(template, **ctx))
