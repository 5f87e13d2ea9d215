"""The conversation core: routes an incoming event to a handler and returns replies, for every channel.

One transaction per event: the chat's state, the user, every answer the event changes and the notices it sends to
others (into the delivery ledger) are committed together.
Several plans are served at once: each event goes to the plan its chat chose (/kehoach), or to the one a question
names; each plan has its own desk of handlers."""
from __future__ import annotations

import copy
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from knowledge.answer import Answerer
from knowledge.catalog import Catalog
from knowledge.dates import REMINDER_HOUR, REMINDER_OFFSETS
from knowledge.normalize import upper_first
from storage.unit_of_work import UnitOfWork

from handlers.choices import pick
from handlers.desk import Desk, Wiring
from handlers.events import Address, Choice, Incoming, Reply
from handlers.gathered import COMPILE
from handlers.inbox import MODE as RETURN_MODE
from handlers.notices import post
from handlers.nomination.form import load_form
from handlers.payloads import PREFIX, ReviewAction
from handlers.plan_choice import PlanChoice
from handlers.receiving import REVOKE, ReceivedBy
from handlers.reminders import TZ, Reminders
from handlers.secretariat import OverviewLink
from handlers.state_cache import DEFAULT_SIZE, StateCache
from handlers.turn import Turn
from handlers.unit_profile import MODE as PROFILE_MODE

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
    ("hosotonghop", "Cơ quan chủ trì, quản trị viên: lập hồ sơ tổng hợp từ hồ sơ đã tiếp nhận"),
    ("xoadulieu", "Xóa dữ liệu của tôi"),
    ("nhachan", "Bật/tắt nhắc hạn"),
    ("moidonvi", "Mời cán bộ vào đơn vị (mã mời)"),
    ("kehoach", "Chọn kế hoạch thi đua"),
    ("thamgia", "Nhập mã mời vào đơn vị: /thamgia <mã>"),
    ("moi", "Mời người nhận hồ sơ của một cơ quan: /moi <cơ quan>"),
    ("nhanhoso", "Nhập mã mời nhận hồ sơ: /nhanhoso <mã>"),
    ("nguoinhan", "Danh sách người nhận hồ sơ, thu hồi quyền nhận"),
    ("hosonhan", "Hồ sơ gửi về cơ quan anh/chị nhận: tiếp nhận, trả lại"),
    ("tonghop", "Tổng hợp chỉ tiêu, hồ sơ của các đơn vị (quản trị viên)"),
    ("huy", "Hủy thao tác đang làm"),
    ("help", "Hướng dẫn sử dụng"),
)
WIZARD_COMMANDS = ("denghi", "tieptuc", "huy")
PLAN_BOUND = ("denghi", "tieptuc", "hosocuatoi", "donvi", "hosotonghop", "nhachan", "moidonvi", "thongbao",
              "moi", "nhanhoso", "nguoinhan", "hosonhan", "tonghop")
UnitOfWorkFactory = Callable[[], UnitOfWork]


class Conversation:
    """Platform-free: takes `Incoming`, gives `Reply`s; channels only translate."""

    def __init__(self, answerers: Sequence[Answerer], uow: UnitOfWorkFactory, today: Callable[[], dt.date],
                 receivers: Callable[[str], list[Address]] = lambda _body: [],
                 is_admin: Callable[[str, str], bool] = lambda _platform, _user: False,
                 offsets: Sequence[int] = REMINDER_OFFSETS, hour: dt.time = REMINDER_HOUR,
                 now: Callable[[], dt.datetime] | None = None,
                 pdf: bool = False, received_by: ReceivedBy = lambda _chat: [],
                 cache_size: int = DEFAULT_SIZE,
                 overview_link: OverviewLink = lambda _holder, _plan: None) -> None:
        """`answerers`: the plans served, the default first; `pdf`: documents sent in chat get a PDF beside each
        DOCX (when LibreOffice is installed); `received_by`: the bodies a chat is registered to receive for
        (`receivers` the other way round); `offsets`, `hour`: when reminders go out; `cache_size`: the chats whose
        state is kept in memory; `overview_link`: the signed address of the overview page for an admin, if the
        bot has a public address."""
        self.uow, self.today = uow, today
        self._now = now
        self.catalog = Catalog.of(answerers)
        wiring = Wiring(load_form(), [c.label for c in MENU] + [name for name, _ in COMMANDS], receivers,
                        received_by, is_admin, self.now, self._payload, offsets, hour, pdf, overview_link)
        self.desks = {a.plan.id: Desk(a, wiring) for a in answerers}
        self.reminders: dict[str, Reminders] = {pid: d.reminders for pid, d in self.desks.items()}
        self.plan_choice = PlanChoice(self.catalog, self.desks, MENU)
        self.states = StateCache(cache_size)  # written through: a restart reloads from the database

    def handle(self, event: Incoming) -> list[Reply]:
        try:
            return self._handle(event)
        except Exception:  # the user gets an apology, never a traceback; the log gets no message text
            log.exception("failed to handle an update on %s", event.platform)
            return [Reply(self.desks[self.catalog.default].texts.render("error.j2"))]

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
            cached = self.states.lookup(key)
            if cached is None or (uow.shared and cached[0] != uow.states.version(key)):
                cached = uow.states.get(key)  # not cached here, or another process changed it since
            version, before = cached
            state = copy.deepcopy(before)
            if self._double_tap(event, state):
                return []
            today = self.today()
            plan = self.plan_choice.of(event, state, today)
            uow.scope(plan.id, plan.units)
            turn = Turn(event, uow, state, today, [Choice(*c) for c in state.get("choices", [])], plan.id)
            replies = post(uow, event, self._route(turn), self.now(), self._desk(turn).texts)
            offered_now = [[c.label, c.payload] for r in replies if r.to is None for c in r.choices]
            kept = offered_now or ([] if self._moved_on(event, before, state) else state.get("choices", []))
            state.update(choices=kept) if kept else state.pop("choices", None)
            if state != before:
                version = uow.states.set(key, state)
            uow.commit()
        self.states.put(key, version, state)
        return replies

    def _desk(self, turn: Turn) -> Desk:
        return self.desks[turn.plan_id]

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
        event, desk = turn.event, self._desk(turn)
        if event.edited:  # an answer already taken is not changed behind the user's back
            return [self._text(turn, "nomination/edited.j2")] if turn.state.get("mode") == "wizard" else []
        if event.payload:
            return self._payload(turn, event.payload)
        if event.command:
            return self._command(turn, *event.command)
        if turn.state.get("mode") == "wizard":
            return desk.wizard.on_input(turn)
        if turn.state.get("mode") == PROFILE_MODE:
            return desk.profiles.on_input(turn)
        if turn.state.get("mode") == RETURN_MODE:
            return desk.inbox.on_reason(turn)
        if event.attachment and not event.text.strip():
            return [self._text(turn, "attachment.j2")]
        chosen = pick(event.text, turn.offered) or pick(event.text, list(MENU), numbers=False)  # a menu item typed
        if chosen:
            return self._payload(turn, chosen.payload)
        return [Reply(self.catalog.answer_in(turn.plan_id, event.text, turn.today).text)]  # routed already

    def _command(self, turn: Turn, name: str, args: str = "") -> list[Reply]:
        if name not in WIZARD_COMMANDS and turn.state.pop("mode", None) == "wizard":
            return [*self._command(turn, name, args), self._text(turn, "nomination/paused.j2")]
        if turn.state.get("mode") == RETURN_MODE:  # a command instead of the reason: the return is not made
            turn.state.pop("mode")
            turn.state.pop("returning", None)
        if name != "donvi" and turn.state.pop("profile_then", None):  # /donvi goes on to the submission after
            turn.state.pop("profile_unit", None)
            return [*self._command(turn, name, args), self._text(turn, "nomination/not_submitted.j2")]
        if name in PLAN_BOUND and self.plan_choice.must_choose(turn):
            return self.plan_choice.offer(turn, "plans/choose_first.j2")
        desk = self._desk(turn)
        with_args = {"thongbao": desk.reminders.announce, "moidonvi": desk.membership.invite,
                     "thamgia": desk.membership.join, "moi": desk.receiving.invite,
                     "nhanhoso": desk.receiving.redeem, "hosotonghop": desk.gathered.send}
        if name in with_args:
            return with_args[name](turn, args)
        plain: dict[str, Callable[[Turn], list[Reply]]] = {
            "nhachan": desk.reminders.toggle, "denghi": desk.wizard.start, "tieptuc": desk.wizard.resume,
            "huy": self._cancel, "hosocuatoi": desk.my_data.list,
            "donvi": desk.profiles.show, "xoadulieu": desk.my_data.confirm_erase, "chitieu": self._unit_classes,
            "kehoach": lambda t: self.plan_choice.offer(t, "plans/list.j2"), "nguoinhan": desk.receiving.list,
            "hosonhan": desk.inbox.show, "tonghop": desk.secretariat.summary}
        if name in plain:
            return plain[name](turn)
        if name == "start":
            return self._start(turn)
        if name == "help":
            return [self._text(turn, "help.j2", commands=COMMANDS)]
        if name in TOPICS:
            return [Reply(desk.answerer.topic(TOPICS[name], turn.today).text)]
        return [self._text(turn, "unknown_command.j2", name=name[:32])]

    def _start(self, turn: Turn) -> list[Reply]:
        """The welcome; where several plans are running and none is chosen, the choice of plan first."""
        choosing = self.plan_choice.must_choose(turn)
        text = self._desk(turn).texts.render("start.j2", plan_name=self._desk(turn).plan.short_name,
                                             several=len(self.catalog.plans) > 1, chosen=not choosing)
        if choosing:
            return [Reply(text), *self.plan_choice.offer(turn, "plans/choose.j2")]
        return [Reply(text, MENU)]

    def _unit_classes(self, turn: Turn) -> list[Reply]:
        """/chitieu: the quota depends on the unit's class, asked first."""
        choices = tuple(Choice(upper_first(c.label), f"quota:{c.id}") for c in self._desk(turn).plan.unit_classes)
        return [Reply(self._desk(turn).texts.render("ask_unit_class.j2"), choices)]

    def _cancel(self, turn: Turn) -> list[Reply]:
        draft = turn.uow.nominations.open_draft(turn.user.id) if turn.state.get("mode") == "wizard" else None
        if draft is not None:
            return self._desk(turn).wizard.confirm_cancel(turn, draft)
        turn.state.pop("mode", None)
        return [self._text(turn, "cancelled.j2")]

    def _payload(self, turn: Turn, payload: str) -> list[Reply]:
        kind, _, value = payload.partition(":")
        desk = self._desk(turn)
        if kind == "plan":
            return self.plan_choice.choose(turn, value)
        if kind == "w":
            return desk.wizard.on_payload(turn, payload)
        if kind == "gathered":
            return desk.gathered.send(turn)
        if kind == "u":
            return desk.profiles.on_payload(turn, payload)
        if kind == "docs":
            return desk.my_data.documents(turn)
        if kind == "erase":
            return desk.my_data.erase(turn, value)
        if kind == "sub":
            return desk.reminders.unsubscribe(turn) if value == "off" else desk.reminders.subscribe(turn, value)
        if kind == "menu" and value == "hoidap":
            return [self._text(turn, "ask_prompt.j2")]
        if kind == "menu":
            return self._command(turn, value)
        if kind == PREFIX:
            return self._review(turn, payload)
        if kind == "quota":
            return [Reply(desk.answerer.topic("quota", turn.today, unit_class=value).text)]
        return [self._text(turn, "unknown_command.j2", name=value[:32])]

    def _review(self, turn: Turn, payload: str) -> list[Reply]:
        action = ReviewAction.unpack(payload)
        if action is None:
            return [self._text(turn, "unknown_command.j2", name=payload[:32])]
        if action.action == REVOKE:
            return self._desk(turn).receiving.revoke(turn, action.target)
        if action.action == COMPILE:
            return self._desk(turn).gathered.on_compile(turn, action.target)
        return self._desk(turn).inbox.on_action(turn, action)

    def _text(self, turn: Turn, template: str, **ctx: object) -> Reply:
        return Reply(self._desk(turn).texts.render(template, **ctx))
