"""Drive the conversation core like a user: type, tap a button by its label, read the last replies."""
from __future__ import annotations

from handlers.conversation import Conversation
from handlers.events import Incoming, Reply

ACHIEVEMENT = ("Chủ trì tổ chức 12 hoạt động tuyên truyền kỷ niệm 70 năm Ngày Giải phóng Thủ đô, "
               "thu hút hơn 5.000 lượt người dân tham gia, được UBND quận biểu dương.")
INITIATIVE = ("Đề xuất mô hình tuyến phố văn minh, áp dụng tại 14 phường, giảm 30% vi phạm trật tự đô thị "
              "so với cùng kỳ năm 2023.")


class Chat:
    def __init__(self, conversation: Conversation, user: str = "u1", platform: str = "test") -> None:
        self.conversation, self.user, self.platform = conversation, user, platform
        self.replies: list[Reply] = []
        self.sent = 0

    def say(self, text: str = "", **extra: str | None) -> list[Reply]:
        return self._handle(Incoming(self.platform, self.user, self.user, text=text, **extra))  # type: ignore[arg-type]

    def tap(self, label: str) -> list[Reply]:
        self.sent += 1
        return self.press(self.payload(label), origin=str(self.sent))

    def press(self, payload: str, origin: str = "again") -> list[Reply]:
        """A button's payload sent as it was kept: an old message's button, another user's, a second tap."""
        return self._handle(Incoming(self.platform, self.user, self.user, payload=payload, origin=origin))

    def payload(self, label: str) -> str:
        for reply in reversed(self.replies):
            for choice in reply.choices:
                if choice.label.startswith(label):
                    return choice.payload
        raise AssertionError(f"no button {label!r} in: {self.labels}")

    def _handle(self, event: Incoming) -> list[Reply]:
        self.replies = [made for reply in self.conversation.handle(event) for made in reply.made()]
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies if r.to is None)

    @property
    def labels(self) -> list[str]:
        return [c.label for r in self.replies for c in r.choices]


def start_tong_ket_individual(chat: Chat, unit: str = "Quận Ba Đình", name: str = "Nguyễn Văn An") -> None:
    """From /denghi to the achievements of an individual tổng kết nomination."""
    chat.say("/denghi")
    if "đơn vị nào" in chat.text:
        chat.say(unit)
    chat.tap("Khen thưởng tổng kết")
    chat.tap("Đô thị văn minh")
    chat.tap("Cá nhân")
    chat.say(name)
    chat.tap("Nam")
    chat.say("15/3/1980")
    chat.say("Phó Trưởng phòng Văn hóa và Thông tin")
    chat.say("UBND quận Ba Đình")
    chat.tap("Có")


def finish_tong_ket(chat: Chat) -> None:
    """Achievements, criteria, council date and papers of a tổng kết nomination: to the review screen."""
    chat.say(ACHIEVEMENT)
    chat.say(INITIATIVE)
    while "tiêu chuẩn sau" in chat.text:
        chat.tap("Đạt")
    chat.say("20/7/2024")
    while "Giấy tờ cần có" in chat.text:
        chat.tap("Nộp bản giấy")


def individual_to_review(chat: Chat, unit: str = "Quận Ba Đình", name: str = "Nguyễn Văn An") -> None:
    start_tong_ket_individual(chat, unit, name)
    finish_tong_ket(chat)
    assert "Kiểm tra lại hồ sơ" in chat.text, chat.text


def start_dot_xuat_individual(chat: Chat, unit: str = "Huyện Ba Vì", movement: str = "An ninh trật tự") -> list[str]:
    """From /denghi to the act of an individual đột xuất nomination; what the chat showed after each step."""
    seen = []
    for act in (lambda: chat.say("/denghi"), lambda: chat.say(unit) if "đơn vị nào" in chat.text else None,
                lambda: chat.tap("Khen thưởng đột xuất"), lambda: chat.tap(movement), lambda: chat.tap("Cá nhân")):
        act()
        seen.append(chat.text)
    for answer in ("Lê Văn Cường", "1980", "Công an viên", "Công an xã Tản Lĩnh"):
        chat.say(answer)
        if "Giới tính" in chat.text:
            chat.tap("Nam")
    chat.tap("Có")
    assert "hành động" in chat.text, chat.text
    return seen


SIGNER = "Phạm Tuấn Long"


def settle_profile(chat: Chat) -> list[Reply]:
    """The unit's profile, asked before its first submission, answered as an officer would: the first signature
    block offered, the signer's name, an abbreviation when the directory has none; then 'Xác nhận'."""
    for _ in range(8):
        if "Xác nhận" in chat.labels:
            return chat.tap("Xác nhận")
        if "Ai ký Tờ trình" in chat.text:
            chat.tap(chat.labels[0])
        elif "Họ và tên người ký" in chat.text:
            chat.say(SIGNER)
        elif "Chữ viết tắt" in chat.text:
            chat.say("UBND")
        else:
            break
    return chat.replies


def submit(chat: Chat) -> list[Reply]:
    """'Nộp hồ sơ', with the unit's profile settled first when it is the unit's first submission."""
    chat.tap("Nộp hồ sơ")
    return settle_profile(chat)
