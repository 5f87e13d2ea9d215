"""A limit for a class as a whole (a block's flags, Ninh Bình's Cờ thi đua: two for all the communes together) counts
every unit of the class: the third commune is refused, however many the second proposed."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine

from handlers.conversation import Conversation
from knowledge.answer import Answerer
from knowledge.loader import load_plan
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat, settle_profile
from tests.plan_driver import answer_for, current_step, working_day

PLAN = "ninh-binh-2027-doan-ket-doi-moi-phat-trien"


def _propose_flag(conversation: Conversation, engine: Engine, user: str, unit: str) -> str:
    plan = conversation.catalog[PLAN].plan
    chat = Chat(conversation, user=user)
    chat.say("/denghi")
    for _ in range(60):
        if "Nộp hồ sơ" in chat.labels or "Không thể đề nghị thêm" in chat.text:
            break
        step = current_step(conversation, engine, plan, chat.platform, user)
        how, value = answer_for(step, plan, unit, "co_thi_dua", "collective", working_day(plan))
        chat.say(value) if how == "say" else chat.tap(value)
    if "Nộp hồ sơ" in chat.labels:
        chat.tap("Nộp hồ sơ")
        settle_profile(chat)
    return chat.text


def test_the_blocks_flags_are_counted_for_the_whole_block(engine: Engine) -> None:
    plan, units = load_plan(PLAN)
    conversation = Conversation([Answerer(plan, units)], lambda: UnitOfWork(engine), lambda: working_day(plan))
    communes = [u.name for u in units.units if u.kind == "xa"][:3]
    assert "Đã nộp" in _propose_flag(conversation, engine, "a", communes[0])
    assert "Đã nộp" in _propose_flag(conversation, engine, "b", communes[1])
    refused = _propose_flag(conversation, engine, "c", communes[2])
    assert "Không thể đề nghị thêm" in refused and "Khối các xã" in refused and "2/2" in refused


def test_a_class_allowed_none_says_so_with_the_plans_words() -> None:
    """A quota of 0 (a unit outside every block) reads 'not proposed', quoted once; a question naming one award
    kind gets no other kind's note."""
    answerer = Answerer(*load_plan(PLAN))
    plan = answerer.plan
    zero = next(x for x in plan.quotas if x.max == 0 and x.nominee == "individual")
    outside = next(c for c in plan.unit_classes if c.id == zero.unit_class)
    named = next(u.name for u in answerer.units.units if answerer.resolve_unit(u.name)
                 and answerer.resolve_unit(u.name).unit_class.id == outside.id)
    kind = plan.award_kind(zero.award)
    found = answerer.answer(f"{named} được đề nghị tối đa mấy cá nhân {kind.name}", working_day(plan))
    assert found.found and "Không được đề nghị (0 cá nhân)" in found.text and " 00 " not in found.text
    assert found.text.count(zero.wording) == 1
    others = [k.quota_note for k in plan.award_kinds if k.quota_note and k.id != kind.id]
    assert others and not any(note in found.text for note in others)


def test_flags_counted_without_marks_ask_a_quota() -> None:
    """'mấy cờ', 'bao nhiêu cờ' typed without marks ('co' is also 'có') ask how many flags."""
    answerer = Answerer(*load_plan(PLAN))
    found = answerer.answer("khoi cac xa dc bao nhieu co", working_day(answerer.plan))
    assert found.found and "02 Cờ thi đua" in found.text


@pytest.mark.parametrize("question, section, said", [
    ("Công an tỉnh có được đề nghị bằng khen tổng kết cho cán bộ không", "2.4.e", "Bằng khen đột xuất"),
    ("Hội Nông dân tỉnh muốn đề nghị Cờ thi đua được không", "3.2.a", "chỉ xét tặng cho tập thể"),
])
def test_a_unit_allowed_none_asked_what_it_may_propose_gets_the_plans_why(question: str, section: str,
                                                                          said: str) -> None:
    answerer = Answerer(*load_plan(PLAN))
    found = answerer.answer(question, working_day(answerer.plan))
    assert found.found and found.sources == [section] and said in found.text and "Ngoài khối" in found.text
