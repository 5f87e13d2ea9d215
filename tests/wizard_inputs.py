"""Typed inputs at every wizard step, labelled question or answer (tests/data/wizard_inputs_*.jsonl, written blind
to the code), tried through the conversation core: how many questions were answered and not saved, and how many
answers were not taken for questions."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handlers.conversation import Conversation
from tests.chat_driver import ACHIEVEMENT, Chat, start_dot_xuat_individual

DATA = Path(__file__).resolve().parent / "data"
NOT_SAVED = "Câu hỏi trên không được lưu"


def _collective(chat: Chat) -> None:
    chat.say("/denghi")
    chat.say("Quận Ba Đình")
    chat.tap("Khen thưởng tổng kết")
    chat.tap("Đô thị văn minh")
    chat.tap("Tập thể")


def _other_unit(chat: Chat) -> None:
    chat.say("/denghi")
    chat.tap("Khác")


def _until(prompt: str, path: Callable[[Chat], None], answers: tuple[str, ...] = ()) -> Callable[[Chat], None]:
    """Follow `path`, then answer (typing, or tapping when a button has that label) until `prompt` is asked."""
    def go(chat: Chat) -> None:
        path(chat)
        for answer in answers:
            if prompt in chat.text:
                return
            if any(label.startswith(answer) for label in chat.labels):
                chat.tap(answer)
            else:
                chat.say(answer)
        assert prompt in chat.text, chat.text
    return go


def _start(chat: Chat) -> None:
    chat.say("/denghi")
    chat.say("Quận Ba Đình")


INDIVIDUAL = ("Nguyễn Văn An", "Nam", "15/3/1980", "Phó Trưởng phòng Văn hóa và Thông tin", "UBND quận Ba Đình", "Có",
              ACHIEVEMENT, ACHIEVEMENT, *["Đạt"] * 8)
STEPS: dict[str, Callable[[Chat], None]] = {
    "unit_name": _until("Tên đầy đủ của đơn vị", _other_unit),
    "award_kind": _until("loại khen thưởng", _start),
    "movement": _until("phong trào (chuyên đề) nào", _start, ("Khen thưởng tổng kết",)),
    "nominee_kind": _until("tập thể hay cá nhân", _start, ("Khen thưởng tổng kết", "Đô thị văn minh")),
    "full_name": _until("Họ và tên đầy đủ", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân")),
    "gender": _until("Giới tính", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "birth": _until("Ngày, tháng, năm sinh", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "position": _until("Chức vụ hiện nay", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "workplace": _until("Đơn vị công tác", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "managed": _until("phạm vi quản lý", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "results": _until("Thành tích nổi bật", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "initiatives": _until("Sáng kiến, giải pháp", _start,
                          ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "criteria": _until("tiêu chuẩn sau", _start, ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "council_date": _until("Ngày họp Hội đồng", _start,
                           ("Khen thưởng tổng kết", "Đô thị văn minh", "Cá nhân", *INDIVIDUAL)),
    "collective_name": _until("Tên đầy đủ của tập thể", _collective),
    "managing_body": _until("Cơ quan quản lý trực tiếp", _collective, ("Phòng Quản lý đô thị quận Ba Đình",)),
    "head": _until("người đứng đầu", _collective, ("Phòng Quản lý đô thị quận Ba Đình", "UBND quận Ba Đình")),
    "members": _until("bao nhiêu thành viên", _collective,
                      ("Phòng Quản lý đô thị quận Ba Đình", "UBND quận Ba Đình", "Trần Văn Bình")),
    "act": _until("Mô tả hành động", start_dot_xuat_individual),
    "merit": _until("Công trạng", start_dot_xuat_individual, (ACHIEVEMENT,)),
}


@dataclass
class Tally:
    questions: int = 0
    questions_caught: int = 0
    answers: int = 0
    answers_kept: int = 0
    missed: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        return (f"{name}: questions answered and not saved {self.questions_caught}/{self.questions}, "
                f"answers not taken for questions {self.answers_kept}/{self.answers}")


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / f"wizard_inputs_{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def tally(conversation: Conversation, name: str) -> Tally:
    """Each input typed at its step of a chat standing there; a saved answer is taken back with "Quay lại"."""
    result, chats = Tally(), {}
    for row in rows(name):
        step = row["step"]
        if step not in chats:
            chats[step] = Chat(conversation, user=f"u-{step}")
            STEPS[step](chats[step])
        chat = chats[step]
        asked_before = chat.text
        chat.say(row["text"])
        taken_as_question = NOT_SAVED in chat.text
        if "Quay lại" in chat.labels and not taken_as_question and chat.text != asked_before:
            moved_on = "Đã lưu" in chat.text or "Chỉ tiêu của" in chat.text
            if moved_on:
                chat.tap("Quay lại")
        if row["question"]:
            result.questions += 1
            result.questions_caught += taken_as_question
        else:
            result.answers += 1
            result.answers_kept += not taken_as_question
        if taken_as_question != row["question"]:
            result.missed.append(f"{step}: {row['text'][:100]}")
    return result
