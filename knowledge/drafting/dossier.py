"""Dossier sets and papers: the sections that list what a dossier holds ("Hồ sơ … gồm: A; B"), per award kind the
section's title (or an ancestor's) names, at the stage its title says; the items the documents do not make are the
wizard's papers."""
from __future__ import annotations

import re
from typing import Any

from knowledge.drafting import cues
from knowledge.drafting.awards import kinds_named
from knowledge.drafting.sections import Section
from knowledge.drafting.text import slug

MARKER = re.compile(r"^[-+•]\s*")


def _cue(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _item(text: str) -> str:
    text = MARKER.sub("", text).strip().rstrip(";.").strip()
    text = re.sub(rf"^(?:{_cue(cues()['dossier_items']['enclosed'])})\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _inline(text: str) -> list[str]:
    """"A; B; C." up to the sentence's end."""
    return re.split(r";\s*", re.split(r"\.\s+(?=[A-ZÀ-Ỹ])", text.split("\n")[0])[0])


def _listed(section: Section) -> tuple[str, list[str]] | None:
    """(the sentence that opens the list, its items as written) when the section lists a dossier's papers."""
    c = cues()["dossier_items"]
    lists = re.compile(rf"(?<!\w)(?:{_cue(c['lists'])})(?!\w)\s*:?")
    title, lines = section.title or "", section.text.splitlines()
    if lists.search(title) and title.rstrip().endswith(tuple(c["lists"])):
        return title, [line for line in lines if MARKER.match(line)] or _inline(section.text)
    for i, line in enumerate(lines):
        m = lists.search(line)
        if not m or not any(w in f"{title} {line[:m.start()]}" for w in cues()["dossier"]):
            continue
        tail = line[m.end():].strip()
        if tail:
            return line[:m.end()], _inline(tail)
        return line, [x for x in lines[i + 1:] if MARKER.match(x)]
    return None


def _split(raw: list[str], kinds: list[dict[str, Any]]) -> tuple[list[str], dict[str, list[str]]]:
    """Items for every kind, and items an "Đối với <kind>: …" line adds for the kinds it names."""
    only_for = tuple(cues()["dossier_items"]["only_for"])
    common, extra = [], {}
    for line in raw:
        bare = MARKER.sub("", line).strip()
        head, colon, rest = bare.partition(":")
        if bare.startswith(only_for) and colon:
            for k in kinds_named(head, kinds):
                extra.setdefault(k["id"], []).extend(_item(x) for x in rest.split(";") if x.strip())
        elif bare:
            common.append(_item(bare))
    return [x for x in common if x], extra


def _stage(opening: str) -> str:
    """To the lead when a sending verb comes before "chủ trì", from the lead when it does not, else to the chairman."""
    lead = next((w for w in cues()["lead"] if w in opening), None)
    if lead is None:
        return "unit_to_chairman"
    head = opening[:opening.index(lead)]
    sends = re.search(rf"(?<!\w)(?:{_cue(cues()['dossier_items']['send'])})(?!\w)", head)
    return "unit_to_lead" if sends else "lead_to_chairman"


def _receiver(opening: str) -> str | None:
    c = cues()["dossier_items"]
    m = re.search(rf"(?<!\w)(?:{_cue(c['send'])})\s+(.+?)\s*(?:,\s*)?(?:(?:{_cue(c['lists'])})(?!\w)|:|$)", opening)
    return m.group(1)[:1].upper() + m.group(1)[1:] if m else None


def _kinds_of(section: Section, sections: list[Section], kinds: list[dict[str, Any]],
              opening: str) -> list[dict[str, Any]]:
    """The kinds the opening sentence names, else the nearest title's, own or an ancestor's; a plan's only kind when
    none names one."""
    by_id = {s.id: s for s in sections}
    parts = section.id.split(".")
    titles = [opening] + [(by_id.get(".".join(parts[:n])) or section).title or "" for n in range(len(parts), 0, -1)]
    return next((found for t in titles if (found := kinds_named(t, kinds))), kinds if len(kinds) == 1 else [])


def sets(sections: list[Section], kinds: list[dict[str, Any]], parties: dict[str, dict[str, str]]) -> list[dict]:
    out = []
    for s in sections:
        listed = _listed(s)
        if not listed:
            continue
        opening, raw = listed
        if MARKER.sub("", raw[0]).strip()[:1].isdigit():
            continue  # "mỗi hồ sơ gồm 01 bộ": the copies, not the papers
        common, extra = _split(raw, kinds)
        stage = _stage(s.title or opening)
        for kind in _kinds_of(s, sections, kinds, opening):
            items = common + extra.get(kind["id"], [])
            if items:
                out.append({"award": kind["id"], "stage": stage, "sender": parties[stage]["sender"],
                            "receiver": _receiver(s.title or opening) or parties[stage]["receiver"],
                            "items": items, "section": s.id, "review": True, "source": opening})
    return out


def _document(item: str) -> str | None:
    return next((d for d, words in cues()["dossier_items"]["documents"].items() if item.startswith(tuple(words))),
                None)


def papers(dossier_sets: list[dict[str, Any]], sections: list[Section]) -> list[dict[str, Any]]:
    """The items no document but the achievement report makes (that one marked `made`), and the consent a
    nomination from outside the unit's management needs, where the text asks for it."""
    out: list[dict[str, Any]] = []
    optional = cues()["dossier_items"]["optional"]
    for d in dossier_sets:
        for item in d["items"]:
            kind = _document(item)
            if kind in (None, "bao_cao"):
                out.append({"name": item, "award": d["award"], "required": optional not in item,
                            "made": kind == "bao_cao", "section": d["section"]})
    for s in sections:
        for line in s.text.splitlines():
            if any(w in line for w in cues()["dossier_items"]["outside_management"]):
                out.append({"name": _item(line), "award": "any", "required": True, "when_outside_management": True,
                            "section": s.id})
                break
    ids: set[str] = set()
    for p in out:
        p["id"] = _unique(slug(p["name"], 4) or "giay-to", ids)
        p.update(review=True, source=p["name"])
    return [{"id": p.pop("id"), **p} for p in out]


def _unique(base: str, taken: set[str]) -> str:
    found, n = base, 1
    while found in taken:
        n += 1
        found = f"{base}-{n}"
    taken.add(found)
    return found
