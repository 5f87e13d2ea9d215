"""What each template is filled with: the plan's data and the officer's, cleaned, in the names the templates use
(docs/forms.md lists them)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from documents.batches import DOCUMENT_LABELS, Batch, Meeting, stage_for
from documents.model import (
    ACHIEVEMENT_KEYS,
    LINE_DETAILS,
    PARAGRAPH_DETAILS,
    Nomination,
    UnitDossier,
    UnitProfile,
)
from documents.text import (
    BLANK,
    BLANK_DATE,
    birth_year,
    header,
    count,
    long_date,
    lower_first,
    paragraphs,
    place_date,
    short_date,
    summary,
    text,
    upper,
)
from knowledge.citation import cite
from knowledge.schema import NOMINEE_WORDS, Plan

Context = dict[str, Any]
LIST_SUMMARY = 160  # characters of an achievement in the Danh sách


def _place(plan: Plan, unit: UnitDossier) -> str:
    return text(unit.profile.place, blank="") or plan.city


def _award(plan: Plan, award_kind: str) -> Context:
    name = plan.award_of(award_kind).name
    return {"award": name, "award_upper": name.upper()}


def _movement(plan: Plan, movement_name: str) -> str:
    """The movement inside a sentence; the plan's campaign when the nomination names none."""
    name = text(movement_name, blank="")
    return lower_first(name) if name else f"đợt thi đua {lower_first(plan.short_name)}"


def _scope(plan: Plan, procedure: str, movement_name: str) -> str:
    if procedure == "simple":
        return "có thành tích xuất sắc đột xuất"
    return f"có thành tích xuất sắc trong {_movement(plan, movement_name)}"


def plan_ref(plan: Plan, sections: list[str]) -> str:
    """'Kế hoạch số .../KH-UBND ngày ... tháng ... năm … của <issuer> về tổ chức … (<the sections cited>)': the plan
    as the Tờ trình cites it."""
    number = plan.header.number.removeprefix("Số:").strip()
    date = plan.header.place_date.split(",", 1)[-1].strip()
    about = plan.name.removeprefix("Kế hoạch ").strip()
    cited = " và ".join(cite(s) for s in dict.fromkeys(sections))
    return f"Kế hoạch số {number} {date} của {plan.header.issuer} về {lower_first(about)} ({cited})"


def report_context(plan: Plan, nomination: Nomination, unit: UnitDossier, day: dt.date | None) -> Context:
    """An achievement report; what the officer did not give is '' (the template prints a line to fill by hand)."""
    nominee = nomination.nominee
    managed_by = nominee.managing_body or ("" if nomination.outside_management else issuer_name(unit))
    ctx: Context = {
        **_award(plan, nomination.award_kind),
        "place_date": place_date(_place(plan, unit), day),
        "movement": (_movement(plan, nomination.movement_name) if nomination.procedure == "regular"
                     else lower_first(text(nomination.movement_name, blank=""))),
        **{key: text(getattr(nominee, key), blank="")
           for key in ("name", "birth", "gender", "position", "workplace", "members", "head")},
        "managing_body": text(managed_by, blank=""),
        "confirmations": _confirmations(plan, nomination, unit),
        # The collective report's header: its managing body (the proposing unit when none is given) above its name.
        "superior": header(nominee.managing_body or issuer_name(unit)),
        "issuer": header(nominee.name),
        **{key: text(nominee.details.get(key), blank="") for key in LINE_DETAILS},
        **{key: paragraphs(nominee.details.get(key)) for key in PARAGRAPH_DETAILS},
    }
    for key in ACHIEVEMENT_KEYS[nomination.procedure]:
        ctx[key] = paragraphs(nomination.achievements.get(key))
    return ctx


def issuer_name(unit: UnitDossier) -> str:
    """The unit as its papers name it: its official issuing name, else its name."""
    return text(unit.profile.issuer, blank="") or text(unit.unit_name)


def _confirmations(plan: Plan, n: Nomination, unit: UnitDossier) -> list[str]:
    """Confirmation slots the report needs beyond the proposing level's: the lead agency's when the dossier goes
    through it, the managing body's when the nominee is outside the unit's management."""
    slots = []
    if n.lead_agency and stage_for(plan, n.award_kind, unit.unit_name, n.lead_agency).addressee is None:
        slots.append(f"XÁC NHẬN CỦA {upper(n.lead_agency)}")
    if n.outside_management:
        slots.append(f"XÁC NHẬN CỦA {upper(n.nominee.managing_body or 'cơ quan quản lý')}")
    return slots


def _row(number: int, n: Nomination) -> Context:
    nominee = n.nominee
    if nominee.is_collective:
        return {"no": str(number), "name": text(nominee.name), "birth": "", "gender": "",
                "role": text(nominee.managing_body, blank=""), "note": "", "summary": _summary(n)}
    role = ", ".join(text(v) for v in (nominee.position, nominee.workplace) if text(v, blank=""))
    return {"no": str(number), "name": text(nominee.name), "birth": birth_year(nominee.birth),
            "gender": text(nominee.gender, blank=""), "role": role, "note": "", "summary": _summary(n)}


def _rows(nominations: list[Nomination]) -> list[Context]:
    """The Danh sách's rows; in a gathered dossier, a row opening each proposing unit's nominees (`group`)."""
    rows = []
    for i, n in enumerate(nominations, 1):
        opens = bool(n.proposer) and (i == 1 or nominations[i - 2].proposer != n.proposer)
        rows.append({**_row(i, n), "group": text(n.proposer) if opens else ""})
    return rows


def _enclosed(plan: Plan, batch: Batch) -> str:
    """What goes with the Tờ trình, as the dossier's count says: 'Hồ sơ gồm 01 bộ (bản chính): Biên bản …; …'."""
    made = [DOCUMENT_LABELS[d] for d in batch.submission.documents if d not in ("to_trinh", "bao_cao")]
    reports = f"{DOCUMENT_LABELS['bao_cao']} của {counted(len(batch.collectives), len(batch.individuals))}"
    papers = list(dict.fromkeys(p for n in batch.nominations for p in n.enclosed))
    parts = [*made, reports, *papers]
    return f"Hồ sơ gồm {plan.dossier.copies.wording}: " + "; ".join(lower_first(p) for p in parts) + "."


def _summary(n: Nomination) -> str:
    """The Danh sách's 'Tóm tắt thành tích': the officer's own, else the first sentences of the act or results."""
    own = text(n.summary, blank="")
    return own or summary(n.achievements.get(ACHIEVEMENT_KEYS[n.procedure][0]), limit=LIST_SUMMARY)


def _council(dates: list[dt.date], needed: bool) -> str:
    """The council meeting(s) a Tờ trình cites: dates in words; dots when the dossier needs one and has none."""
    if dates:
        return " và ".join(long_date(d) for d in dates)
    return BLANK_DATE if needed else ""


def signer_lines(profile: UnitProfile) -> list[str]:
    """The signature block's lines, upper case; dots to fill by hand when the unit has not said who signs."""
    lines = [text(line, blank="").upper() for line in (profile.signer_title or "").splitlines()]
    return [line for line in lines if line] or [BLANK]


def _note(n: Nomination, several_movements: bool) -> str:
    """The Biên bản's 'Ghi chú': who proposed the nominee (a lead agency's meeting), or its movement (several)."""
    return text(n.proposer or (n.movement_short if several_movements else ""), blank="")


def _kinds(collectives: int, individuals: int) -> list[tuple[int, str]]:
    return [(n, NOMINEE_WORDS[kind]) for n, kind in ((collectives, "collective"), (individuals, "individual")) if n]


def counted(collectives: int, individuals: int) -> str:
    """'02 tập thể và 01 cá nhân', '03 cá nhân': the counts the Tờ trình, Danh sách and Biên bản all say."""
    return " và ".join(f"{count(n)} {kind}" for n, kind in _kinds(collectives, individuals))


def whom(collectives: int, individuals: int) -> str:
    """'cho tập thể', 'cho cá nhân' or 'cho tập thể, cá nhân', as the batch holds."""
    return "cho " + ", ".join(kind for _, kind in _kinds(collectives, individuals))


def _named(n: Nomination) -> str:
    """An ad-hoc nominee and the act, for the Tờ trình: 'bà Nguyễn Thị Hoa, Điều dưỡng, Bệnh viện X: đã …'."""
    nominee = n.nominee
    title = {"Nam": "ông ", "Nữ": "bà "}.get(nominee.gender or "", "") if not nominee.is_collective else "tập thể "
    who = ", ".join(text(v) for v in (nominee.name, nominee.position, nominee.workplace) if text(v, blank=""))
    act = text(n.summary, blank="") or summary(n.achievements.get("act"))
    return f"{title}{who}: {act}" if act else f"{title}{who}"


def unit_context(plan: Plan, unit: UnitDossier, day: dt.date | None) -> Context:
    """The unit as its papers name it: header, date line, number, signature."""
    profile = unit.profile
    name = issuer_name(unit)
    return {
        "superior": header(profile.superior) if text(profile.superior, blank="") else "",
        "issuer": header(name),
        "unit_name": name,
        "council_name": text(profile.council, blank="") or f"Hội đồng Thi đua - Khen thưởng {name}",
        "unit_code": text(profile.code, blank="..."),
        "place_date": place_date(_place(plan, unit), day),
        "date_short": short_date(day),
        "signer_title": signer_lines(profile),
        "signer_name": text(profile.signer_name, blank=""),
    }


def _counts(collectives: list[Nomination], individuals: list[Nomination]) -> Context:
    return {
        "counted": counted(len(collectives), len(individuals)),
        "whom": whom(len(collectives), len(individuals)),
    }


def submission_context(plan: Plan, unit: UnitDossier, batch: Batch, day: dt.date | None) -> Context:
    """One context for a batch's Tờ trình and Danh sách, so that their counts cannot differ."""
    collectives, individuals = batch.collectives, batch.individuals
    kind = plan.award_kind(batch.award_kind)
    assert kind is not None  # the batch's award kind is the plan's (dossier.document_nomination)
    functions = text(unit.profile.functions, blank="")
    return {
        **unit_context(plan, unit, day),
        **_award(plan, kind.id),
        **_counts(collectives, individuals),
        "addressee": text(batch.addressee),
        "request": batch.request,
        "bases": [*plan.forms.bases, *([functions] if functions else [])],
        "plan_ref": plan_ref(plan, [kind.section, batch.submission.section]),
        "council": _council(batch.council_dates, "bien_ban" in batch.submission.documents),
        "scope": _scope(plan, kind.procedure, batch.movement_name),
        "named": [_named(n) for n in collectives + individuals] if kind.procedure == "simple" else [],
        "enclosed": _enclosed(plan, batch),
        "proposals": list(dict.fromkeys(f"Xét đề nghị của {n.proposer} tại Tờ trình số …/TTr-{n.proposer_code or '…'}"
                                        for n in batch.nominations if n.proposer)),
        "collective_part": "I. TẬP THỂ",
        "individual_part": "II. CÁ NHÂN" if collectives else "I. CÁ NHÂN",
        "collectives": _rows(collectives),
        "individuals": _rows(individuals),
    }


def meeting_context(plan: Plan, unit: UnitDossier, meeting: Meeting) -> Context:
    """The Biên bản of one council meeting: every nominee it considered, whatever batch each travels in."""
    collectives = [n for n in meeting.nominations if n.nominee.is_collective]
    individuals = [n for n in meeting.nominations if not n.nominee.is_collective]
    movements = list(dict.fromkeys(n.movement_name for n in meeting.nominations))
    several = len(movements) > 1
    kind = plan.award_kind(meeting.nominations[0].award_kind)
    assert kind is not None
    return {
        **unit_context(plan, unit, None),
        **_award(plan, kind.id),
        **_counts(collectives, individuals),
        "council_date": long_date(meeting.day),
        "scope": _scope(plan, kind.procedure, "" if several else movements[0]),
        "plan_ref": plan_ref(plan, [kind.section]),
        "nominees": [{"no": str(i), "name": text(n.nominee.name), "note": _note(n, several)}
                     for i, n in enumerate(collectives + individuals, 1)],
    }
