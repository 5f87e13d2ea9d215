"""A limit for a class as a whole (a block's flags, Ninh Bình's Cờ thi đua: two for all the communes together) counts
every unit of the class: the third commune is refused, however many the second proposed."""
from __future__ import annotations

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
