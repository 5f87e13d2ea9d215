"""The plan's awards: its award kinds (by the sections that name them), the award, criteria, copies of a dossier."""
from __future__ import annotations

import re
from typing import Any

from knowledge.drafting import cues
from knowledge.drafting.sections import Section
from knowledge.drafting.text import clauses, slug


def _procedure(title: str) -> str | None:
    for procedure, words in cues()["award_kinds"].items():
        if any(w.lower() in title.lower() for w in words):
            return procedure
    return None


def _award_word(title: str) -> str:
    return next((w for w in cues()["awards"] if w.lower() in title.lower()), "")


def award_kinds(sections: list[Section]) -> list[dict[str, Any]]:
    """One kind per (procedure, award) a section title names; a title naming no award joins a kind that does."""
    kinds: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sections:
        title = s.title or ""
        word = _award_word(title)
        procedure = _procedure(title) or ("regular" if word else None)
        if procedure and (procedure, word) not in kinds:
            nominees = ["collective", "individual"] if not word or word in cues()["nominee_awards"] else ["collective"]
            kinds[procedure, word] = {"id": slug(title, 6, "_") or f"kind_{len(kinds) + 1}", "name": title,
                                      "aliases": [], "procedure": procedure, "nominees": nominees,
                                      "section": s.id, "review": True, "source": title}
    named = {p for p, w in kinds if w}
    return [k for (p, w), k in kinds.items() if w or p not in named]


def kind_of(section: Section, sections: list[Section], kinds: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The award kind a section is about: the kind of the nearest title, its own or an ancestor's, naming one."""
    by_id = {s.id: s for s in sections}
    parts = section.id.split(".")
    for n in range(len(parts), 0, -1):
        title = (by_id.get(".".join(parts[:n])) or section).title or ""
        procedure, word = _procedure(title), _award_word(title)
        match = [k for k in kinds if (procedure is None or k["procedure"] == procedure)
                 and (not word or _award_word(k["name"]) == word) and (procedure or word)]
        if match:
            return match[0]
    return None


def kinds_named(text: str, kinds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kinds a phrase names: by each award word it writes and the procedure it names, either alone."""
    procedure = _procedure(text)
    words = [w for w in cues()["awards"] if w.lower() in text.lower()] or ([""] if procedure else [])
    return [k for k in kinds if any((not w or _award_word(k["name"]) == w) for w in words)
            and (procedure is None or k["procedure"] == procedure)]


def criteria(sections: list[Section], kinds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sections under a title of criteria ('Tiêu chuẩn'), their list items or text, per award kind and nominee."""
    by_id, out = {s.id: s for s in sections}, []
    words = cues()["criteria"]
    for s in sections:
        parts = s.id.split(".")
        titles = [(by_id.get(".".join(parts[:n])) or s).title or "" for n in range(1, len(parts) + 1)]
        kind = kind_of(s, sections, kinds)
        if not s.text or not kind or not any(w in t for t in titles for w in words):
            continue
        items = [line.lstrip("-+• ") for line in s.text.splitlines() if line.strip()]
        nominee = next((k for k, ws in cues()["nominees"].items() for w in ws if w in (s.title or "").lower()), "any")
        out.append({"award": kind["id"], "nominee": nominee, "items": items, "section": s.id, "review": True,
                    "source": s.text.split("\n")[0]})
    return out


def award(sections: list[Section], granter: str) -> dict[str, Any]:
    """The plan's award: the award word for collectives and individuals it writes most, granted by the issuing
    body's head (`granter`); its source, the first clause naming both the head and that award."""
    text = " ".join(f"{s.title or ''} {s.text}" for s in sections)
    word = max(cues()["nominee_awards"], key=lambda w: text.count(w))
    found = next(((s, c) for s in sections for c in clauses(f"{s.title or ''}\n{s.text}")
                  if word in c and cues()["head"] in c), None)
    return {"name": f"{word} của {granter}", "granted_by": granter, "section": (found or (sections[0],))[0].id,
            "review": True, "source": found[1] if found else None}


def copies(sections: list[Section]) -> dict[str, Any]:
    for s in sections:
        if m := re.search(r"(\d{1,2}) bộ[^.;]*", s.text):
            return {"count": max(1, int(m.group(1))), "wording": m.group(0), "section": s.id, "review": True,
                    "source": m.group(0)}
    return {"count": 1, "wording": "01 bộ", "section": sections[0].id, "review": True}
