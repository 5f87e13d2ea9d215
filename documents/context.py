"""What each template is filled with: the plan's data and the officer's, cleaned, in the names the templates use
(docs/forms.md lists them)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from documents.batches import Batch
from documents.model import ACHIEVEMENT_KEYS, Nomination, UnitDossier
from documents.text import BLANK_DATE, count, long_date, lower_first, paragraphs, place_date, short_date, text, upper
from knowledge.citation import cite
from knowledge.schema import Plan

Context = dict[str, Any]
DEFAULT_SIGNER = "THỦ TRƯỞNG ĐƠN VỊ"


def _place(plan: Plan, unit: UnitDossier) -> str:
    return text(unit.place, blank="") or plan.city


def _award(plan: Plan) -> Context:
    return {"award": plan.award.name, "award_upper": plan.award.name.upper()}


def _movement(plan: Plan, movement_name: str) -> str:
    """The movement inside a sentence; the plan's campaign when the nomination names none."""
    name = text(movement_name, blank="")
    return lower_first(name) if name else f"đợt thi đua {lower_first(plan.short_name)}"


def _scope(plan: Plan, award_kind: str, movement_name: str) -> str:
    if award_kind == "dot_xuat":
        return "có thành tích xuất sắc đột xuất"
    return f"có thành tích xuất sắc trong {_movement(plan, movement_name)}"


def plan_ref(plan: Plan, sections: list[str]) -> str:
    """'Kế hoạch số .../KH-UBND ngày ... tháng ... năm 2024 của Ủy ban nhân dân thành phố Hà Nội về tổ chức …
    (Mục III, điểm 4.2 và Mục III, điểm 5.2, tiết a)': the plan as the Tờ trình cites it."""
    number = plan.header.number.removeprefix("Số:").strip()
    date = plan.header.place_date.split(",", 1)[-1].strip()
    about = plan.name.removeprefix("Kế hoạch ").strip()
    cited = " và ".join(cite(s) for s in dict.fromkeys(sections))
    return f"Kế hoạch số {number} {date} của {plan.header.issuer} về {lower_first(about)} ({cited})"


def report_context(plan: Plan, nomination: Nomination, unit: UnitDossier, day: dt.date | None) -> Context:
    nominee = nomination.nominee
    ctx: Context = {
        **_award(plan),
        "place_date": place_date(_place(plan, unit), day),
        "movement": (_movement(plan, nomination.movement_name) if nomination.award_kind == "tong_ket"
                     else lower_first(text(nomination.movement_name, blank=""))),
        "name": text(nominee.name),
        "birth": text(nominee.birth),
        "gender": text(nominee.gender),
        "position": text(nominee.position),
        "workplace": text(nominee.workplace),
        "managing_body": text(nominee.managing_body),
        "members": text(nominee.members),
        "head": text(nominee.head, blank=""),
        # The collective report's header: its managing body (the proposing unit when none is given) above its name.
        "superior": upper(nominee.managing_body or unit.unit_name),
        "issuer": upper(nominee.name),
    }
    for key in ACHIEVEMENT_KEYS[nomination.award_kind]:
        ctx[key] = paragraphs(nomination.achievements.get(key))
    return ctx


def _row(number: int, n: Nomination) -> Context:
    nominee = n.nominee
    if nominee.is_collective:
        return {"no": str(number), "name": text(nominee.name), "birth": "", "gender": "",
                "role": text(nominee.managing_body, blank=""), "note": ""}
    role = ", ".join(text(v) for v in (nominee.position, nominee.workplace) if text(v, blank=""))
    return {"no": str(number), "name": text(nominee.name), "birth": text(nominee.birth, blank=""),
            "gender": text(nominee.gender, blank=""), "role": role, "note": ""}


def _council(batch: Batch) -> str:
    """The council meeting(s) the Tờ trình cites: dates in words; dots when the dossier needs one and has none."""
    dates = batch.council_dates
    if dates:
        return " và ".join(long_date(d) for d in dates)
    return BLANK_DATE if "bien_ban" in batch.submission.documents else ""


def _signer_title(unit: UnitDossier) -> list[str]:
    lines = [text(line, blank="").upper() for line in (unit.signer_title or "").splitlines()]
    return [line for line in lines if line] or [DEFAULT_SIGNER]


def submission_context(plan: Plan, unit: UnitDossier, batch: Batch, day: dt.date) -> Context:
    """One context for a batch's Tờ trình, Danh sách and Biên bản, so that their counts cannot differ."""
    collectives, individuals = batch.collectives, batch.individuals
    award_section = next(k.section for k in plan.award_kinds if k.id == batch.award_kind)
    dates = batch.council_dates
    forms = plan.forms
    return {
        **_award(plan),
        "superior": upper(unit.superior_body) if text(unit.superior_body, blank="") else "",
        "issuer": upper(unit.unit_name),
        "unit_name": text(unit.unit_name),
        "unit_code": text(unit.unit_code, blank="..."),
        "place_date": place_date(_place(plan, unit), day),
        "date_short": short_date(day),
        "addressee": text(batch.addressee),
        "request": batch.request,
        "bases": list(forms.bases) if forms else [],
        "plan_ref": plan_ref(plan, [award_section, batch.submission.section]),
        "council": _council(batch),
        "council_date": long_date(dates[0]) if len(dates) == 1 else BLANK_DATE,
        "scope": _scope(plan, batch.award_kind, batch.movement_name),
        "n_collectives": len(collectives),
        "n_individuals": len(individuals),
        "collectives_count": count(len(collectives)),
        "individuals_count": count(len(individuals)),
        "collective_part": "I. TẬP THỂ",
        "individual_part": "II. CÁ NHÂN" if collectives else "I. CÁ NHÂN",
        "collectives": [_row(i, n) for i, n in enumerate(collectives, 1)],
        "individuals": [_row(i, n) for i, n in enumerate(individuals, 1)],
        "nominees": [{"no": str(i), "name": text(n.nominee.name)}
                     for i, n in enumerate(collectives + individuals, 1)],
        "signer_title": _signer_title(unit),
        "signer_name": text(unit.signer_name, blank=""),
    }
