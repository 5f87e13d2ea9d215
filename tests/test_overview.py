"""The secretariat's overview: what it counts (quota used and left per unit and class, nominations by stage, units
with nothing submitted and the days left), `/tonghop` for admins only, and the summary sheet and chart of the XLSX
export. On SQLite and PostgreSQL, with nominations in every stage."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine

from handlers.conversation import COMMANDS, Conversation
from handlers.overview import Filters, build
from handlers.standing import Standing
from knowledge.answer import Answerer
from knowledge.loader import load_plan
from storage.unit_of_work import UnitOfWork
from tests.chat_driver import Chat
from tests.conftest import DURING_PLAN, PLAN_ID, ROOT, make_conversation
from tests.overview_seed import HANOI, Seed, seed
from tests.test_receivers import ADMIN, conversation_with_admin, invite_receiver

TELEGRAM_LIMIT = 4096
NINH_BINH = "ninh-binh-2027-doan-ket-doi-moi-phat-trien"
LONG_LINK = "https://bot.example.vn/tong-hop?t=" + "x" * 200  # a signed token's length


def _overview(engine: Engine, answerer: Answerer, filters: Filters = Filters()):
    with UnitOfWork(engine, answerer.plan.id, answerer.plan.units) as uow:
        return build(uow, answerer.plan, answerer.units, DURING_PLAN, filters)


def _line(view, name: str):
    return next(line for line in view.units if line.name == name)


def test_quota_used_and_left_stages_and_units_with_nothing_submitted(answerer: Answerer, engine: Engine) -> None:
    seed(engine, answerer.plan)
    view = _overview(engine, answerer)
    district, city = view.classes
    ba_dinh, hoan_kiem, y_te = (_line(view, n) for n in ("Quận Ba Đình", "Quận Hoàn Kiếm", "Sở Y tế"))
    # a district may propose 2 collectives and 3 individuals: new and accepted count, drafts and returned do not
    assert (ba_dinh.quota, ba_dinh.used, ba_dinh.left, ba_dinh.percent) == (5, 3, 2, 60)
    assert dict(ba_dinh.counts) == {Standing.SUBMITTED: 1, Standing.ACCEPTED: 2, Standing.DRAFT: 1}
    assert (hoan_kiem.used, dict(hoan_kiem.counts)) == (0, {Standing.RETURNED: 1,
                                                             Standing.SUBMITTED: 1})  # đột xuất: no quota
    assert (y_te.quota, y_te.used, y_te.left, y_te.percent) == (3, 3, 0, 100)
    districts = [u for u in answerer.units.units if u.kind in district.unit_class.kinds]
    assert len(district.units) == len(districts) and district.total.quota == 5 * len(districts)
    assert (district.total.used, city.total.used) == (3, 3)
    assert dict(view.counts) == {Standing.SUBMITTED: 4, Standing.ACCEPTED: 3, Standing.RETURNED: 2, Standing.DRAFT: 1}
    assert "Quận Ba Đình" not in district.waiting and "Quận Hoàn Kiếm" not in district.waiting
    assert "Quận Tây Hồ" in district.waiting and len(district.waiting) == len(districts) - 2
    assert "Sở Xây dựng" in city.waiting  # its one nomination was returned: nothing submitted
    assert district.deadline.id == "ho-so-tong-ket" and district.days_left == 30  # before 1/9/2024: 31/8


def test_a_quota_of_the_whole_class_counts_for_the_class_and_a_class_with_none_is_never_late(engine: Engine) -> None:
    """Ninh Bình's blocks: a block's Cờ thi đua is the block's quota (2 for the communes), not each commune's; the
    units outside the blocks may propose none, so they are not waited for."""
    answerer = Answerer(*load_plan(NINH_BINH))
    seed(engine, answerer.plan, (Seed("Xã Gia Viễn", "khoi_xa", "co_thi_dua", "collective", "2.2.2",
                                      Standing.SUBMITTED),
                                 Seed("Xã Gia Viễn", "khoi_xa", "bang_khen_tong_ket", "individual", "2.2.2",
                                      Standing.ACCEPTED)))
    with UnitOfWork(engine, answerer.plan.id, answerer.plan.units) as uow:
        view = build(uow, answerer.plan, answerer.units, dt.date(2027, 12, 8))
    communes = next(c for c in view.classes if c.unit_class.id == "khoi_xa")
    gia_vien = _line(view, "Xã Gia Viễn")
    assert (gia_vien.quota, gia_vien.used) == (1 + 3, 1)  # its Bằng khen: 1 collective, 3 individuals
    assert (communes.total.quota, communes.total.used) == (4 * len(communes.units) + 2, 2)
    assert "Xã Gia Viễn" not in communes.waiting and len(communes.waiting) == len(communes.units) - 1
    outside = next(c for c in view.classes if c.unit_class.id == "ngoai_khoi")
    assert outside.total.quota == 0 and outside.units and outside.waiting == []
    # on 8/12 the Bằng khen's deadline (6/12) is past: the Cờ's (10/12) is the one still to come
    assert (communes.deadline.id, communes.days_left) == ("ho-so-co-thi-dua", 2)
    with UnitOfWork(engine, answerer.plan.id, answerer.plan.units) as uow:
        after = build(uow, answerer.plan, answerer.units, dt.date(2027, 12, 20))
    assert [(c.deadline.id, c.days_left) for c in after.classes if c.unit_class.id == "khoi_xa"] == \
        [("ho-so-co-thi-dua", -10)]


def test_filters_narrow_the_rows_and_the_counts(answerer: Answerer, engine: Engine) -> None:
    seed(engine, answerer.plan)
    returned = _overview(engine, answerer, Filters(stage=Standing.RETURNED))
    assert [u.name for u in returned.units] == ["Quận Hoàn Kiếm", "Sở Xây dựng"]
    assert dict(returned.counts) == {Standing.RETURNED: 2}
    poverty = _overview(engine, answerer, Filters(movement="II.2.3"))
    assert {u.name for u in poverty.units} == {"Quận Ba Đình", "Quận Hoàn Kiếm", "Sở Y tế"}
    assert _line(poverty, "Quận Ba Đình").used == 1  # its one collective of that movement
    cities = _overview(engine, answerer, Filters(unit_class="city", stage=Standing.SUBMITTED))
    assert [c.unit_class.id for c in cities.classes] == ["city"] and [u.name for u in cities.units] == ["Sở Y tế"]
    assert dict(cities.counts) == {Standing.SUBMITTED: 2}


def test_filters_from_an_address_ignore_what_the_plan_does_not_have(answerer: Answerer) -> None:
    plan = answerer.plan
    assert Filters.parse(plan, {"phong_trao": "II.2.3", "khoi": "city", "trang_thai": "returned"}) == \
        Filters("II.2.3", "city", Standing.RETURNED)
    assert Filters.parse(plan, {"phong_trao": "<b>", "khoi": "x" * 5000, "trang_thai": "resubmitted"}) == Filters()
    assert Filters.parse(plan, Filters("chung", None, Standing.DRAFT).query()) == Filters("chung", None, Standing.DRAFT)


def _linked(answerer: Answerer, engine: Engine) -> Conversation:
    plain = conversation_with_admin(answerer, engine)
    return Conversation([answerer], plain.uow, lambda: DURING_PLAN, is_admin=lambda _platform, user: user == ADMIN,
                        overview_link=lambda holder, plan: f"https://bot.example.vn/tong-hop?t={holder}|{plan}")


def test_tonghop_gives_an_admin_the_overview_and_a_link_and_refuses_everyone_else(answerer: Answerer,
                                                                                  engine: Engine) -> None:
    seed(engine, answerer.plan)
    conversation = _linked(answerer, engine)
    admin, receiver, officer = (Chat(conversation, user=u) for u in (ADMIN, "r", "o"))
    admin.say("/tonghop")
    text = admin.text
    assert "Tất cả: đã nộp 4, đã tiếp nhận 3, đã trả lại 2, nháp 1." in text
    assert "Quận, huyện, thị xã: đã dùng 3/150 chỉ tiêu, còn 147; hạn nộp 31/08/2024, còn 30 ngày." in text
    assert "- Quận Ba Đình: 3/5, còn 2; đã nộp 1, đã tiếp nhận 2, nháp 1." in text
    assert "- Sở Y tế: 3/3, còn 0; đã nộp 2, đã tiếp nhận 1." in text
    assert "Chưa nộp hồ sơ nào (28 đơn vị): Quận Tây Hồ," in text and "Quận Ba Đình," not in text
    assert f"https://bot.example.vn/tong-hop?t=test:{ADMIN}|{PLAN_ID}" in text
    invite_receiver(admin, receiver, "Sở Xây dựng")  # a receiver is not the secretariat
    for chat in (receiver, officer):
        chat.say("/tonghop")
        assert chat.text.startswith("Xin lỗi anh/chị") and "quản trị viên" in chat.text and "Ba Đình" not in chat.text
    admin.say("/help")
    assert "- /tonghop: tổng hợp chỉ tiêu, hồ sơ của các đơn vị (quản trị viên)" in admin.text
    assert "tonghop" in dict(COMMANDS)  # the command menu channels register


def test_without_a_public_address_there_is_no_link(answerer: Answerer, engine: Engine) -> None:
    admin = Chat(conversation_with_admin(answerer, engine), user=ADMIN)
    admin.say("/tonghop")
    assert "Chưa có hồ sơ nào." in admin.text and "http" not in admin.text and "đường link" not in admin.text


def test_tonghop_stays_one_message_however_many_units_are_busy(engine: Engine) -> None:
    for plan_id in (PLAN_ID, NINH_BINH):
        answerer = Answerer(*load_plan(plan_id))
        plan = answerer.plan
        class_of_kind = {k: c.id for c in plan.unit_classes for k in c.kinds}
        award = next(q for q in plan.quotas if q.per == "unit" and q.max)
        busy = [u for u in answerer.units.units if u.kind in class_of_kind][::2]  # half the units busy
        seed(engine, plan, tuple(Seed(u.name, class_of_kind[u.kind], award.award, award.nominee,
                                      plan.movements[0].id, Standing.SUBMITTED) for u in busy))
        conversation = Conversation([answerer], make_conversation(answerer, engine).uow, lambda: DURING_PLAN,
                                    is_admin=lambda _platform, _user: True,
                                    overview_link=lambda _holder, _plan: LONG_LINK)
        chat = Chat(conversation, user=ADMIN)
        chat.say("/tonghop")
        assert len(chat.replies) == 1 and len(chat.text) <= TELEGRAM_LIMIT, (plan_id, len(chat.text))
        assert "đơn vị khác" in chat.text and "https://bot.example.vn/tong-hop" in chat.text


def test_the_xlsx_export_has_a_summary_sheet_with_a_chart_of_its_cells(tmp_path: Path, answerer: Answerer,
                                                                        sqlite_engine: Engine) -> None:
    """Through the command on a SQLite file (the figures are the overview's, counted on both databases above)."""
    from openpyxl import load_workbook

    seed(sqlite_engine, answerer.plan, (*HANOI, Seed("Sở Xây dựng", "city", "tong_ket", "individual", "II.2.1",
                                                      Standing.RESUBMITTED)))
    database_url = str(sqlite_engine.url)
    book_path = tmp_path / "tong-hop.xlsx"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, "PLAN_IDS": PLAN_ID,
           "BOT_TODAY": DURING_PLAN.isoformat()}
    out = subprocess.run([sys.executable, "-m", "bot", "nominations", "export", "--format", "xlsx", "--out",
                          str(book_path)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    book = load_workbook(book_path)
    assert book.sheetnames == ["Hồ sơ đã nộp", "Tổng hợp"] and book.active.title == "Hồ sơ đã nộp"
    details = list(book["Hồ sơ đã nộp"].iter_rows(min_row=2, values_only=True))
    assert Counter(row[6] for row in details[:8]) == {"Đã nộp": 4, "Đã tiếp nhận": 3, "Đã nộp lại": 1}
    assert [row[6] for row in details[8:]] == ["Đã trả lại"] * 2  # then those returned; drafts are not exported
    sheet = book["Tổng hợp"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Khối", "Đơn vị", "Chỉ tiêu", "Đã dùng", "Còn lại", "Đã nộp", "Đã tiếp nhận", "Đã trả lại",
                       "Nháp", "Hạn nộp", "Số ngày còn lại")
    by_unit = {r[1]: r for r in rows[1:] if r and r[1]}
    assert by_unit["Quận Ba Đình"][2:] == (5, 3, 2, 1, 2, 0, 1, "31/08/2024", 30)
    assert by_unit["Sở Y tế"][2:9] == (3, 3, 0, 2, 1, 0, 0)
    units = len(answerer.units.units)
    assert not any(rows[units + 1])  # the class rows follow a gap
    assert rows[units + 2][:5] == ("Quận, huyện, thị xã", "Cả khối", 150, 3, 147)
    (chart,) = sheet._charts
    quota, used = chart.series
    assert quota.val.numRef.f == f"'Tổng hợp'!$C$2:$C${units + 1}"
    assert used.val.numRef.f == f"'Tổng hợp'!$D$2:$D${units + 1}"
    categories = used.cat.numRef or used.cat.strRef  # openpyxl writes a cell range as numRef whatever it holds
    assert categories.f == f"'Tổng hợp'!$B$2:$B${units + 1}" and used.tx.strRef.f == "'Tổng hợp'!D1"
