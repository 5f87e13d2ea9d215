"""The contract every plan in the plans folder keeps, through the same code: its data loads and is consistent, its
own question set is answered, every award kind is filed for every nominee it takes and makes its documents, and
its deadlines are pushed as reminders. A plan that needs code to work fails here.

The draft `plans draft` writes from each plan's text keeps it too, served as a draft is (its facts under review set
aside): a clause that needs a confirmed fact a draft cannot give is skipped for drafts, with the reason."""
from __future__ import annotations

import datetime as dt
import io
import os
import re

import pytest
import yaml
from docx import Document
from sqlalchemy import Engine, text

from handlers.conversation import Conversation
from handlers.reminders import TZ
from knowledge.answer import Answerer
from knowledge.loader import available_plans
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, settle_profile
from tests.plan_drafts import DATA, draft_ids, expected, is_draft, load
from tests.plan_drafts import source as source_path
from tests.plan_driver import answer_for, current_step, unit_for, working_day
from tests.qa_grading import load_cases, passes
from tests.test_plan_data import _numbers, _squash

PLANS = available_plans()
SERVED = PLANS + draft_ids()
# every award kind for every nominee it takes; a draft's, for its first nominee (the same path, in half the time)
CASES = [(p, k.id, n) for p in SERVED for k in load(p)[0].award_kinds for n in k.nominees[:1 if is_draft(p) else None]]


@pytest.fixture(scope="module", params=SERVED)
def plan_answerer(request: pytest.FixtureRequest) -> Answerer:
    return Answerer(*load(request.param))


def _not_for_drafts(plan_id: str, reason: str) -> None:
    if is_draft(plan_id):
        pytest.skip(f"draft: {reason}")


def test_every_plan_has_its_question_set_and_floor() -> None:
    for plan_id in PLANS:
        assert sorted((DATA / plan_id).glob("qa_dev_*.jsonl")), f"{plan_id}: no tests/data/plans/{plan_id}/qa_dev_*"
        assert "qa_min" in yaml.safe_load((DATA / plan_id / "expected.yaml").read_text("utf-8"))


@pytest.fixture(scope="module")
def source(plan_answerer: Answerer) -> str:
    """The plan's original text (expected.yaml's `source`); never skipped in CI."""
    path = source_path(plan_answerer.plan.id)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not found")
    return path.read_text(encoding="utf-8")


def test_its_sections_are_verbatim(plan_answerer: Answerer, source: str) -> None:
    squashed = _squash("\n".join(line for line in source.splitlines() if not re.fullmatch(r"\s*\d{1,2}\s*", line)))
    for section in plan_answerer.plan.sections:
        for line in section.text.splitlines():
            assert _squash(line.removeprefix("Lưu ý:")) in squashed, (section.id, line)


def test_every_date_and_number_of_its_text_is_in_its_facts(plan_answerer: Answerer, source: str) -> None:
    plan = plan_answerer.plan
    _not_for_drafts(plan.id, "its dates and numbers are in facts under review; `plans check` lists those no fact holds")
    facts = _numbers(yaml.safe_dump(plan.model_dump(mode="json", exclude={"sections"}), allow_unicode=True))
    dates = [d.date for d in plan.documents if d.date] + [d.date for d in plan.deadlines]
    if plan.anniversary:
        dates += [plan.anniversary.from_date, plan.anniversary.to_date]
    facts |= {f"{d.day}/{d.month}/{d.year}" for d in dates}
    text_numbers = _numbers("\n".join(f"{s.title or ''} {s.text}" for s in plan.sections))
    page_numbers = {str(n) for n in range(2, 10)}
    assert not text_numbers - facts - page_numbers, sorted(text_numbers - facts)
    assert not _numbers(source) - facts - page_numbers, sorted(_numbers(source) - facts)


def test_its_questions_are_answered(plan_answerer: Answerer) -> None:
    """The plan's own development set, at its floor (expected.yaml): right facts, within the length every channel
    takes, and a refusal for each question the plan does not answer."""
    plan = plan_answerer.plan
    _not_for_drafts(plan.id, "the question set's floor is for confirmed facts; a draft answers from its sections")
    folder = DATA / plan.id
    cases = load_cases(*sorted(folder.glob("qa_dev_*.jsonl")))
    floor = expected(plan.id)["qa_min"]
    default = working_day(plan)
    wrong = [c.id for c in cases if not passes(c, *_answer(plan_answerer, c.q, c.today, default))]
    score = 1 - len(wrong) / len(cases)
    assert score >= floor, f"{plan.id}: {score:.1%} < {floor:.0%}; wrong: {wrong}"


def _answer(answerer: Answerer, question: str, today: str | None, default: dt.date) -> tuple[str, bool]:
    a = answerer.answer(question, dt.date.fromisoformat(today) if today else default)
    return a.text, a.found


ASKED = {"hạn nộp hồ sơ": "deadlines", "hồ sơ gồm những gì": "dossier", "tiêu chuẩn tập thể": "criteria",
         "có mấy phong trào": "movements", "ai ký kế hoạch": None, "hình thức khen thưởng": None}  # and the facts read


def _waiting(plan_id: str, facts: str | None) -> bool:
    """Whether every fact of that list is under review (a draft's, until confirmed): the sections alone may not
    say it in the question's words."""
    plan = load(plan_id)[0]
    items = plan.dossier.sets if facts == "dossier" else getattr(plan, facts) if facts else []
    return bool(facts) and not any(not x.review for x in items)


@pytest.mark.parametrize("question", ASKED)
def test_every_section_it_cites_is_its_own(plan_answerer: Answerer, question: str) -> None:
    plan = plan_answerer.plan
    a = plan_answerer.answer(question, working_day(plan))
    if not a.found and _waiting(plan.id, ASKED[question]):
        _not_for_drafts(plan.id, f"'{question}' reads {ASKED[question]}, all under review, and is refused")
    assert a.found and set(a.sources) <= {s.id for s in plan.sections}, (question, a.sources)


@pytest.mark.parametrize("plan_id, award, nominee", CASES)
def test_every_award_kind_is_filed_and_makes_its_documents(plan_id: str, award: str, nominee: str,
                                                          sqlite_engine: Engine) -> None:
    answerer = Answerer(*load(plan_id))
    plan, units = answerer.plan, answerer.units  # as served: a draft's facts under review set aside
    day = working_day(plan)
    conversation = Conversation([answerer], lambda: UnitOfWork(sqlite_engine), lambda: day)
    chat = Chat(conversation)
    unit = unit_for(plan, units, award, nominee)
    chat.say("/denghi")
    for _ in range(80):
        if "Nộp hồ sơ" in chat.labels:
            break
        step = current_step(conversation, sqlite_engine, plan, chat.platform, chat.user)
        assert step is not None, chat.text
        how, value = answer_for(step, plan, unit, award, nominee, day)
        chat.say(value) if how == "say" else chat.tap(value)
    chat.tap("Nộp hồ sơ")
    replies = settle_profile(chat)
    assert "Đã nộp" in chat.text, chat.text
    files = {r.document.filename: r.document.data for r in replies if r.document}
    texts = {name: _text(data) for name, data in files.items() if name.endswith(".docx")}
    assert all(any(part in name for name in texts) for part in ("to-trinh", "danh-sach", "bao-cao")), list(files)
    assert all(t.strip() for t in texts.values())
    assert any(plan.award_of(award).name.upper() in t.upper() for t in texts.values())


def _text(docx: bytes) -> str:
    """Every paragraph, of the body and of its tables."""
    document = Document(io.BytesIO(docx))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


@pytest.mark.parametrize("plan_id", SERVED)
async def test_its_deadlines_are_pushed_to_subscribers(plan_id: str, sqlite_engine: Engine) -> None:
    from bot.scheduler import Limits, Scheduler
    from bot.telegram_aiogram import AiogramChannel
    from tests.fake_telegram import FakeTelegram

    _not_for_drafts(plan_id, "its deadlines wait for review; none is reminded of until a person confirms it")
    plan, units = load(plan_id)
    schedule_day = working_day(plan)
    moment = {"now": dt.datetime.combine(schedule_day, dt.time(9), TZ)}
    conversation = Conversation([Answerer(plan, units)], lambda: UnitOfWork(sqlite_engine), lambda: schedule_day,
                                now=lambda: moment["now"])
    chat = Chat(conversation, user="41", platform="telegram")
    chat.say("/nhachan")
    chat.tap(chat.labels[0])
    assert "nhắc" in chat.text.lower()
    due = conversation.reminders[plan_id].schedule.upcoming(None, moment["now"])
    assert due, f"{plan_id}: no deadline to remind of"
    deadline, days = due[0]
    moment["now"] = dt.datetime.combine(days[0], dt.time(9), TZ)
    fake = FakeTelegram()
    channel = AiogramChannel("123:TEST", await fake.start(), conversation)
    try:
        sent = await Scheduler(sqlite_engine, conversation.reminders, {"telegram": channel},
                               {"telegram": Limits(1000.0, 100.0)}, [], lambda: moment["now"]).run_once()
        assert sent == 1
        assert deadline.wording in fake.to_chat(41)[-1]["text"]
    finally:
        await channel.stop()
        await fake.stop()
    with UnitOfWork(sqlite_engine) as uow:
        keys = [row[0] for row in uow.session.execute(text("SELECT key FROM deliveries"))]
    assert len(keys) == 1 and keys[0].startswith(f"r:{plan_id}:{deadline.id}:")
