"""The lead agency's own dossier (plan III.5.2.b) through the fake Bot API, on SQLite and PostgreSQL: officers of two
units submit to the movement's lead, its invited receiver accepts both and returns a third, then compiles; the Tờ
trình is addressed as the plan's data says and the Danh sách lists the accepted nominees grouped by proposing unit,
numbered in turn. `python -m bot documents --receiver` writes the same documents. Nobody compiles another body's
dossier: a forged button is refused and logged with ids only."""
from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import Engine

from bot.telegram_aiogram import AiogramChannel
from handlers.conversation import Conversation
from handlers.gathered import COMPILE, LEAD_STAGE
from handlers.nomination.destination import lead_bodies
from handlers.payloads import ReviewAction
from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork
from tests.conftest import DURING_PLAN, PLAN_ID, ROOT
from tests.fake_telegram import polled_by
from tests.review_steps import telegram_receiver
from tests.telegram_officer import Officer, submit_from_position, to_position

ADMIN, RECEIVER, ELSEWHERE, OUTSIDER = 900, 555, 556, 557
OFFICERS = {7: ("Quận Ba Đình", "Phạm Minh Khôi"), 8: ("Quận Hoàn Kiếm", "Trần Thu Hà"),
            9: ("Quận Cầu Giấy", "Lê Quốc Bảo")}  # the last one is returned
BODY = "Sở Xây dựng"  # the lead of the movement `to_position` chooses (Đô thị văn minh)


def _text(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells).splitlines()


def _ids(engine: Engine) -> dict[int, int]:
    """Each officer's nomination id."""
    with UnitOfWork(engine, PLAN_ID) as uow:
        return {chat: uow.nominations.of_user(uow.users.get_or_create("telegram", str(chat)).id)[0].id  # type: ignore[arg-type, misc]
                for chat in OFFICERS}


def _cli(database_url: str, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAN_IDS": PLAN_ID, "DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-m", "bot", "documents", "--receiver", BODY, "--out", str(out),
                           "--no-pdf"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


async def test_the_lead_agency_compiles_what_it_accepted(answerer: Answerer, engine: Engine, database_url: str,
                                                        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    conversation = Conversation([answerer], lambda: UnitOfWork(engine), lambda: DURING_PLAN,
                                is_admin=lambda platform, user: user == str(ADMIN))
    async with polled_by(AiogramChannel, conversation) as fake:
        for chat, (unit, nominee) in OFFICERS.items():
            officer = Officer(fake, chat)
            await to_position(officer, unit, nominee)
            await submit_from_position(officer, "Chuyên viên")
        ids = _ids(engine)
        admin, outsider = Officer(fake, ADMIN), Officer(fake, OUTSIDER)
        receiver = await telegram_receiver(fake, admin, RECEIVER, BODY)
        other = next(b for b in lead_bodies(answerer.plan) if b != BODY)
        elsewhere = await telegram_receiver(fake, admin, ELSEWHERE, other)

        assert "dành cho người nhận hồ sơ của cơ quan chủ trì" in await outsider.says("/hosotonghop")
        caplog.set_level(logging.WARNING, logger="handlers.gathered")
        forged = ReviewAction(COMPILE, lead_bodies(answerer.plan).index(BODY)).pack()
        assert "không phải người nhận hồ sơ của cơ quan này" in await elsewhere.reply_to(
            lambda: fake.user_taps(ELSEWHERE, forged))
        (line,) = [r.getMessage() for r in caplog.records if r.name == "handlers.gathered"]
        assert str(ELSEWHERE) not in line and BODY not in line and "Khôi" not in line  # internal ids only

        text = await receiver.says("/hosotonghop")  # its own Tờ trình's heading and signer: settled first, once
        assert f"Trước khi lập hồ sơ tổng hợp của {BODY}" in text and "Chữ viết tắt" in text
        assert f"{BODY} chưa tiếp nhận hồ sơ" in await receiver.settles_profile(await receiver.says("SXD"))

        for chat in (7, 8):
            await receiver.says("/hosonhan")
            await receiver.taps(f"Xem {ids[chat]}")
            assert "Đã tiếp nhận" in await receiver.taps("Tiếp nhận")
        await receiver.says("/hosonhan")
        await receiver.taps(f"Xem {ids[9]}")
        await receiver.taps("Trả lại")
        await receiver.reply_to(lambda: fake.user_says(RECEIVER, "Thiếu biên bản họp Hội đồng."), messages=1)

        before = len([d for d in fake.documents if d[0] == RECEIVER])
        await receiver.says("/hosonhan")
        sent = await receiver.taps("Lập hồ sơ tổng hợp")  # the inbox's button
        assert "2 hồ sơ đã tiếp nhận của 2 đơn vị" in sent
        await fake.wait_until(lambda: [d for d in fake.documents if d[0] == RECEIVER and d[1].endswith(".zip")],
                              1, 30, "the reports' archive")
        chat_files = {name: data for chat, name, data in fake.documents if chat == RECEIVER}
        assert len(chat_files) == before + 4

    to_trinh = _text(next(d for n, d in chat_files.items() if "to-trinh" in n))
    assert f"Kính gửi: {answerer.plan.forms.submission(LEAD_STAGE).addressee}" in to_trinh
    assert {"SỞ XÂY DỰNG", "Số: .../TTr-SXD"} <= set(to_trinh)
    for unit in ("quận Ba Đình", "quận Hoàn Kiếm"):
        assert f"Xét đề nghị của Ủy ban nhân dân {unit} tại Tờ trình số …/TTr-UBND;" in to_trinh
    assert not any("Cầu Giấy" in line for line in to_trinh)
    danh_sach = Document(io.BytesIO(next(d for n, d in chat_files.items() if "danh-sach" in n)))
    rows = [[c.text for c in r.cells] for r in danh_sach.tables[1].rows]
    names = [r[1] for r in rows]
    assert names.index("Ủy ban nhân dân quận Ba Đình") < names.index("Phạm Minh Khôi") < names.index(
        "Ủy ban nhân dân quận Hoàn Kiếm") < names.index("Trần Thu Hà")  # grouped by proposing unit
    assert [r[0] for r in rows if r[1] in ("Phạm Minh Khôi", "Trần Thu Hà")] == ["1", "2"]  # numbered in turn
    assert "Lê Quốc Bảo" not in names and not any("Cầu Giấy" in n for n in names)  # the returned one
    with zipfile.ZipFile(io.BytesIO(next(d for n, d in chat_files.items() if n.endswith(".zip")))) as z:
        reports = [_text(z.read(n)) for n in z.namelist()]
    assert len(reports) == 2 and all(any("Phạm Minh Khôi" in t or "Trần Thu Hà" in t for t in r) for r in reports)

    written = _cli(database_url, tmp_path / "cli")
    docx = {n: d for n, d in chat_files.items() if n.endswith(".docx")}
    assert [kind for kind in ("to-trinh", "bien-ban", "danh-sach") if any(kind in n for n in docx)] == [
        "to-trinh", "bien-ban", "danh-sach"] and len(docx) == 3
    assert len(written) == 5  # Tờ trình, Biên bản, Danh sách; and the two reports
    for name, data in docx.items():
        (same,) = [d for n, d in written.items() if name.endswith(f"-{n}")]
        assert _text(same) == _text(data)
