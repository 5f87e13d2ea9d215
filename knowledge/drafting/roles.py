"""Who does what: movements (a section naming its lead body, partners, time, lead's task) and each body's duties."""
from __future__ import annotations

from typing import Any

from knowledge.drafting import cues
from knowledge.drafting.sections import Section

LABEL_WORDS = 6  # "Label: value": a field's label is at most this many words


def _fields(section: Section, sections: list[Section]) -> dict[str, str]:
    """A section's "Label: value" lines, and its lettered points' titles with their text."""
    fields = {}
    for line in section.text.splitlines():
        label, colon, value = line.lstrip("-+• ").partition(":")
        if colon and len(label.split()) <= LABEL_WORDS:
            fields[label.strip()] = value.strip()
    for child in sections:
        is_child = child.id.startswith(section.id + ".") and child.id.count(".") == section.id.count(".") + 1
        if is_child and child.title and len(child.title.split()) <= LABEL_WORDS:
            fields[child.title] = child.text.strip()
    return fields


def _field(fields: dict[str, str], names: list[str]) -> str | None:
    """The first field whose label contains one of `names` (tried in order)."""
    for name in names:
        for label, value in fields.items():
            if name.lower() in label.lower():
                return value.rstrip(".;").strip()
    return None


def _short(title: str) -> str:
    words, out = title.split(), ""
    for w in words:
        if len(f"{out} {w}".strip()) > 60:
            break
        out = f"{out} {w}".strip()
    return out


def movements(sections: list[Section]) -> list[dict[str, Any]]:
    c, out = cues(), []
    for s in sections:
        fields = _fields(s, sections)
        lead = _field(fields, c["lead"])
        if not lead or not s.title:
            continue
        out.append({"id": s.id, "title": s.title, "short": _short(s.title), "aliases": [], "lead": lead,
                    "partners": _field(fields, c["partners"]) or "", "period": _field(fields, c["time"]) or "",
                    "lead_task": _field(fields, c["lead_task"]), "review": True, "source": s.text.split("\n")[0]})
    return out


def duties_part(sections: list[Section]) -> Section | None:
    """The part listing each body's duties ('TỔ CHỨC THỰC HIỆN')."""
    names = [n.lower() for n in cues()["duties_part"]]
    return next((s for s in sections if "." not in s.id and (s.title or "").lower() in names), None)


def duties(sections: list[Section]) -> list[dict[str, Any]]:
    part = duties_part(sections)
    if part is None:
        return []
    out = []
    for s in sections:
        if s.id.startswith(part.id + ".") and s.id.count(".") == 1 and s.title:
            verb = next((v for v in cues()["duty_verbs"] if s.title.startswith(v + " ")), None)
            body = s.title[len(verb) + 1:].strip() if verb else s.title
            out.append({"body": body, "aliases": [], "verb": verb, "section": s.id, "review": True,
                        "source": s.title})
    return out
