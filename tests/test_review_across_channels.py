"""The review loop end to end across both platforms, one bot serving Telegram and Zalo as `run` does: an officer
on Telegram submits; a receiver on Zalo, invited by an admin with /moi, joins with /nhanhoso and returns it with a
reason; the officer is told on Telegram with the reason, changes one field with /tieptuc and resubmits; the
receiver accepts, compiles its dossier and gets the files as signed links, fetched over HTTP. The quota slot is
freed by the return and retaken by the resubmission, not before; an outsider's forged buttons change nothing. An
admin compiles the same dossier by naming the body; someone neither receiver nor admin cannot."""
from __future__ import annotations

import io
import re
import zipfile

import aiohttp
from docx import Document
from sqlalchemy import Engine

from handlers.inbox import ACCEPT, RETURN
from handlers.payloads import ReviewAction
from knowledge.answer import Answerer
from storage.unit_of_work import UnitOfWork
from tests.both_channels import serving_both
from tests.conftest import PLAN_ID
from tests.review_steps import invite, submitted
from tests.telegram_officer import Officer, submit_from_position, to_position
from tests.test_zalo_wizard import ZaloUser, number_of, to_chat

ADMIN, OFFICER, OUTSIDER, RECEIVER = 900, 7, 557, "nguoi-nhan-zalo"
NOMINEE, REASON = "Phạm Minh Khôi", "Thiếu bản sao Quyết định công nhận."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/tai-lieu\?t=\S+")


def _state(engine: Engine, nomination: int) -> tuple[str, str | None, str]:
    with UnitOfWork(engine, PLAN_ID) as uow:
        n = uow.nominations.get(nomination)
        assert n is not None
        return n.status, n.review, n.answers["position"]


def _link(message: str) -> tuple[str, str]:
    """The file's name and its signed link, as a Zalo message gives them."""
    (name,) = re.findall(r"Tệp “([^”]+)”", message)
    (url,) = LINK.findall(message)
    return name, url


def _text(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def _fetched(url: str) -> bytes:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        assert response.status == 200, url
        assert response.content_type in (DOCX, "application/zip")
        return await response.read()


async def test_returned_on_zalo_resubmitted_on_telegram_accepted_and_compiled(answerer: Answerer,
                                                                              sqlite_engine: Engine) -> None:
    async with serving_both(sqlite_engine, [f"telegram:{ADMIN}"], links=True) as both:
        officer, admin, outsider = (Officer(both.telegram, chat) for chat in (OFFICER, ADMIN, OUTSIDER))
        receiver = ZaloUser(both.zalo, RECEIVER)
        await to_position(officer, "Quận Ba Đình", NOMINEE)
        await submit_from_position(officer, "Chuyên viên")
        nomination, body, used = submitted(sqlite_engine, "telegram", str(OFFICER))
        assert used == 1
        await both.telegram.wait_for_chat(ADMIN, 1)  # told of the submission, before it invites anyone
        await invite(admin, receiver, body)

        for action in (ACCEPT, RETURN):  # forged by someone who receives for no body
            forged = ReviewAction(action, nomination).pack()
            refusal = await outsider.reply_to(lambda: both.telegram.user_taps(OUTSIDER, forged))
            assert "Xin lỗi anh/chị" in refusal and "không thuộc cơ quan" in refusal
        assert _state(sqlite_engine, nomination) == ("submitted", None, "Chuyên viên")

        inbox = await receiver.says("/hosonhan")
        details = await receiver.says(number_of(inbox, f"Xem {nomination}"))
        assert NOMINEE in details
        assert "lý do trả lại" in await receiver.says(number_of(details, "Trả lại"))
        told = len(both.telegram.to_chat(OFFICER))
        assert "trả lại" in await receiver.says(REASON)
        notice = (await both.telegram.wait_for_chat(OFFICER, told + 1))[-1]["text"]
        assert "trả lại" in notice and REASON in notice and "/tieptuc" in notice
        assert submitted(sqlite_engine, "telegram", str(OFFICER))[2] == 0  # the slot is free

        assert "Kiểm tra lại hồ sơ" in await officer.says("/tieptuc")
        await officer.taps("Sửa: Chức vụ")
        assert "Kiểm tra lại hồ sơ" in await officer.says("Phó Trưởng phòng")
        assert submitted(sqlite_engine, "telegram", str(OFFICER))[2] == 0  # still free while it is edited
        told = len(both.zalo.to_chat(RECEIVER))
        assert "Đã nộp" in await officer.taps("Nộp hồ sơ")
        notice = (await both.zalo.wait_for_chat(RECEIVER, told + 1))[-1]["text"]  # the invited receiver is told
        assert "hồ sơ đề nghị khen thưởng" in notice and NOMINEE in notice
        assert submitted(sqlite_engine, "telegram", str(OFFICER))[2] == 1  # taken again
        assert _state(sqlite_engine, nomination)[0::2] == ("submitted", "Phó Trưởng phòng")

        inbox = await receiver.says("/hosonhan")
        assert "đã nộp lại" in inbox
        details = await receiver.says(number_of(inbox, f"Xem {nomination}"))
        assert NOMINEE in details
        assert "Đã tiếp nhận" in await receiver.says(number_of(details, "Tiếp nhận"))
        assert submitted(sqlite_engine, "telegram", str(OFFICER))[2] == 1  # accepted still counts
        assert "đã tiếp nhận" in await officer.says("/hosocuatoi")

        m = await receiver.says("/hosotonghop")  # its own Tờ trình's heading and signer, settled once first
        assert "Chữ viết tắt" in m
        m = await receiver.picks(await receiver.says("SXD"), "GIÁM ĐỐC")
        m = await receiver.says("Đỗ Văn Ký")
        assert "Xác nhận" in m
        await receiver.picks(m, "Xác nhận", replies=5)  # what is compiled, then three papers and the reports' ZIP
        sent, *files = to_chat(both.zalo, RECEIVER)[-5:]
        assert "tổng hợp từ 1 hồ sơ đã tiếp nhận của 1 đơn vị" in sent
        papers = {name: await _fetched(url) for name, url in (_link(f) for f in files)}

        await both.telegram.wait_for_chat(ADMIN, 3)  # told of the submission and of the resubmission
        assert "chủ trì" in await outsider.says("/hosotonghop Sở Xây dựng")  # neither receiver nor admin
        assert "không phải cơ quan chủ trì" in await admin.says("/hosotonghop Sở Không Có")
        assert "chọn cơ quan chủ trì" in await admin.says("/hosotonghop")
        before = len([d for d in both.telegram.documents if d[0] == ADMIN])
        assert "tổng hợp từ 1 hồ sơ" in await admin.taps(body)  # uploaded on Telegram: the same four files
        admins = await both.telegram.wait_until(lambda: [d for d in both.telegram.documents if d[0] == ADMIN],
                                                before + 4, 30, "the admin's files")
    assert [name for _, name, _ in admins[before:]] == list(papers)
    assert [n.rsplit(".", 1)[1] for n in papers] == ["docx", "docx", "docx", "zip"]
    danh_sach = _text(next(data for name, data in papers.items() if name.endswith("danh-sach.docx")))
    assert NOMINEE in danh_sach and "Phó Trưởng phòng" in danh_sach  # the field as edited
    assert "Số: .../TTr-SXD" in _text(next(data for name, data in papers.items() if "to-trinh" in name))
    with zipfile.ZipFile(io.BytesIO(next(data for name, data in papers.items() if name.endswith(".zip")))) as z:
        (report,) = z.namelist()
        assert NOMINEE in _text(z.read(report))
