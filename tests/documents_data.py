"""Sample unit dossiers for the documents tests and benchmark: what the nomination wizard hands over."""
from __future__ import annotations

import datetime as dt
import unicodedata

from documents.model import Nomination, Nominee, UnitDossier, UnitProfile

MOVEMENT_ID = "II.2.1"
MOVEMENT = "Phong trào thi đua thúc đẩy xây dựng đô thị văn minh, “Sáng - xanh - sạch - đẹp”"
LEAD = "Sở Xây dựng"
COUNCIL = dt.date(2024, 8, 20)
TODAY = dt.date(2024, 8, 26)
HOSTILE = "Trần {{ 7*7 }} {% if 1 %}x{% endif %} <w:t> & Co"
# 5,000 characters without a line break: one paragraph that must wrap, whole.
LONG = ("Chủ động tham mưu, triển khai đồng bộ các giải pháp chỉnh trang đô thị, vận động Nhân dân cùng tham gia; "
        * 60)[:4999] + "."
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")


def individual(i: int, name: str, results: str = "Hoàn thành 100% chỉ tiêu được giao.\nChỉnh trang 12 tuyến phố.",
               award: str = "tong_ket") -> Nomination:
    achievements = ({"results": results, "initiatives": f"Sáng kiến số hoá hồ sơ {i}."} if award == "tong_ket"
                    else {"act": f"Dũng cảm cứu người trong vụ cháy số {i}.", "merit": f"Cứu sống {i} người."})
    return Nomination(
        id=i, award_kind=award, procedure="regular" if award == "tong_ket" else "simple",
        movement_id=MOVEMENT_ID if award == "tong_ket" else None,
        movement_name=MOVEMENT if award == "tong_ket" else "", lead_agency=LEAD if award == "tong_ket" else "",
        nominee=Nominee("individual", name, gender="Nữ" if i % 2 else "Nam", birth=f"{i % 28 + 1:02d}/03/198{i % 10}",
                        position=f"Chuyên viên bậc {i}", workplace=f"Phòng Quản lý đô thị số {i}",
                        managing_body="UBND quận Hoàn Kiếm"),
        achievements=achievements, council_date=COUNCIL if award == "tong_ket" else None,
        submitted_at=dt.datetime(2024, 8, 25, 9, 30))


def collective(i: int, name: str, award: str = "tong_ket") -> Nomination:
    achievements = ({"results": f"Hoàn thành vượt {i}0% kế hoạch.", "initiatives": "Mô hình tổ dân phố xanh."}
                    if award == "tong_ket" else {"act": "Kịp thời dập tắt đám cháy.", "merit": "Bảo vệ 20 hộ dân."})
    return Nomination(
        id=i, award_kind=award, procedure="regular" if award == "tong_ket" else "simple",
        movement_id=MOVEMENT_ID if award == "tong_ket" else None,
        movement_name=MOVEMENT if award == "tong_ket" else "", lead_agency=LEAD if award == "tong_ket" else "",
        nominee=Nominee("collective", name, managing_body=f"Ủy ban nhân dân phường số {i}", head=f"Lê Văn Trưởng {i}",
                        members=20 + i),
        achievements=achievements, council_date=COUNCIL if award == "tong_ket" else None)


def unit(nominations: list[Nomination], name: str = "Quận Hoàn Kiếm", **extra: object) -> UnitDossier:
    values: dict[str, object] = {"issuer": "Ủy ban nhân dân quận Hoàn Kiếm",
                                 "signer_title": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                                 "signer_name": "Phạm Tuấn Long", "code": "UBND", "place": "Hoàn Kiếm",
                                 "council": "Hội đồng Thi đua - Khen thưởng quận"}
    values.update(extra)
    return UnitDossier(unit_name=name, unit_class="district", nominations=nominations,
                       profile=UnitProfile(**values))  # type: ignore[arg-type]


def district_dossier() -> UnitDossier:
    """Tổng kết at the quota (2 collectives, 3 individuals; one hostile name, one 5,000-character result, one name
    typed in NFD) and two đột xuất nominations."""
    return unit([
        collective(1, "Phòng Quản lý đô thị quận Hoàn Kiếm"),
        collective(2, "Tổ dân phố số 5, phường Hàng Bạc"),
        individual(3, HOSTILE),
        individual(4, "Đỗ Văn Dài", results=LONG),
        individual(5, NFD_NAME),
        collective(6, "Đội Cảnh sát PCCC quận Hoàn Kiếm", award="dot_xuat"),
        individual(7, "Lê Văn Dũng", award="dot_xuat"),
    ])


def large_dossier(size: int = 30) -> UnitDossier:
    """`size` nominations: a third collectives, tổng kết and đột xuất alternating."""
    noms = []
    for i in range(1, size + 1):
        award = "tong_ket" if i % 2 else "dot_xuat"
        noms.append(collective(i, f"Tập thể số {i}", award) if i % 3 == 0 else individual(i, f"Cá nhân số {i}",
                                                                                               award=award))
    return unit(noms)
