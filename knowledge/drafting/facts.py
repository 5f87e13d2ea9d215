"""Candidate facts read from the sections' text: deadlines, the period, quotas; each with its source, for review."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from typing import Any

from knowledge.drafting import cues
from knowledge.drafting.sections import Section
from knowledge.drafting.text import clauses, sentence_around

DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
MONTH = r"(\d{1,2})/(\d{4})"
RANGE = re.compile(r"[Tt]ừ (?:ngày \d{1,2}/|tháng )(\d{1,2})/(\d{4}) đến (?:hết )?(?:ngày \d{1,2}/|tháng )"
                   r"(\d{1,2})/(\d{4})")


def _deadline_patterns() -> list[tuple[re.Pattern[str], bool, bool]]:
    """(pattern, before, by month) for each cue: 'trước ngày X' is before X; 'trong tháng M' is by M's end."""
    c = cues()["deadline"]
    out = []
    for cue in c["before"] + c["by"] + c["month"]:
        month = cue.endswith("tháng")
        out.append((re.compile(rf"(?<!\w)({re.escape(cue)}\s+{MONTH if month else DATE})", re.IGNORECASE),
                    cue in c["before"], month))
    return out


def _date(groups: tuple[str, ...], month: bool, before: bool) -> dt.date:
    if not month:
        day, mon, year = (int(g) for g in groups)
        return dt.date(year, mon, day)
    mon, year = (int(g) for g in groups)
    return dt.date(year, mon, 1) if before else dt.date(year, mon, calendar.monthrange(year, mon)[1])


def _submit_to(sentence: str, wording: str) -> str | None:
    head = sentence.split(wording)[0]
    m = re.search(r"(?:gửi|nộp)(?: về)? (.+?)\s*$", head)
    return m.group(1).strip(" ,") if m else None


def deadlines(sections: list[Section]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in sections:
        for pattern, before, month in _deadline_patterns():
            for m in pattern.finditer(s.text):
                sentence = sentence_around(s.text, m.start(), m.end())
                if re.search(r"[Tt]ừ (ngày|tháng) [^;]*$", s.text[max(0, m.start() - 40):m.start()]):
                    continue  # the end of a span 'từ … đến …', not a deadline
                out.append({"id": f"han-{len(out) + 1}", "date": _date(m.groups()[1:], month, before),
                            "wording": m.group(1), "before": before, "what": sentence.lstrip("- "),
                            "submit_to": _submit_to(sentence, m.group(1)), "who": s.title or "",
                            "unit_classes": [], "topics": [], "section": s.id,
                            "review": True, "source": sentence})
    return out


def period(sections: list[Section], year: int) -> dict[str, Any]:
    """The plan's period: a 'từ … đến …' span, first in a section titled as the period, else anywhere."""
    titled = [s for s in sections if s.title and any(c.lower() in s.title.lower() for c in cues()["period"])]
    for s in titled + sections:
        if m := RANGE.search(s.text):
            m1, y1, m2, y2 = (int(g) for g in m.groups())
            return {"start": f"{y1}-{m1:02d}", "end": f"{y2}-{m2:02d}", "wording": m.group(0), "section": s.id,
                    "review": True, "source": sentence_around(s.text, m.start(), m.end())}
    return {"start": f"{year}-01", "end": f"{year}-12", "wording": f"năm {year}", "section": sections[0].id,
            "review": True}


def year(sections: list[Section]) -> int:
    """The year the plan speaks of most."""
    years = Counter(re.findall(r"(?<!\d)(20\d\d)(?!\d)", " ".join(s.text for s in sections)))
    return int(years.most_common(1)[0][0]) if years else dt.date.today().year


def _nominee_words() -> dict[str, str]:
    words = {w: kind for kind, ws in cues()["nominees"].items() for w in ws}
    words |= {w: "collective" for w in cues()["awards"] if w not in cues()["nominee_awards"]}
    return words


def _quota_clause(clause: str) -> tuple[str, str] | None:
    """(the unit class phrase, the rest) of a clause that sets a number per class."""
    text = clause.lstrip("-+• ").strip()
    nominee = next((w for w in _nominee_words() if text.lower().startswith(w.lower() + ":")), None)
    if nominee:
        text = text[len(nominee) + 1:].strip()
    each = tuple(cues()["quota"]["each"])
    if text.startswith(each):
        m = re.match(rf"(?:{'|'.join(each)})\s+(.+?)\s+(?=lựa chọn|được|tối đa|\d)", text)
        return (m.group(1).strip(" :"), text[m.end():]) if m else None
    head, colon, rest = text.partition(":")
    return (head, rest) if colon and len(head.split()) <= 16 else None


def quotas(sections: list[Section]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    words = _nominee_words()
    number = re.compile(rf"(\d{{1,3}})\s+({'|'.join(map(re.escape, words))})", re.IGNORECASE)
    for s in sections:
        for clause in clauses(s.text):
            found = _quota_clause(clause)
            if not found or not number.search(found[1]):
                continue
            classes = re.split(r"\s+và\s+mỗi\s+", found[0], flags=re.IGNORECASE)
            for cls in classes:
                for m in number.finditer(found[1]):
                    out.append({"unit_class_label": cls.removeprefix("Mỗi ").strip(),
                                "nominee": words[next(w for w in words if w.lower() == m.group(2).lower())],
                                "max": int(m.group(1)), "wording": clause.lstrip("-+• ").rstrip(";."),
                                "section": s.id, "review": True, "source": clause})
    return out
