"""Who must act by a deadline and what they must do, from its sentence: the actor is the subject before the first
verb of what bodies do; a sentence without one (a duty's line, a movement's "Thời gian thực hiện") is the act of the
movement's lead or of the body whose duties hold it."""
from __future__ import annotations

import re
from typing import Any

from knowledge.drafting import cues
from knowledge.drafting.sections import Section
from knowledge.drafting.text import clauses

LABEL_WORDS = 12  # "Label: value" where the value is little more than the date: the label names the act
SUBJECT_WORDS = 25


def _upper_first(text: str) -> str:
    text = text.strip(" ,;.-")
    return text[:1].upper() + text[1:]


def _first_act(text: str) -> re.Match[str] | None:
    """The first act word outside brackets ("các cơ quan (kể cả cơ quan chủ trì …) gửi": 'gửi')."""
    words = "|".join(re.escape(w) for w in sorted(cues()["acts"], key=len, reverse=True))
    bare = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)
    return re.search(rf"(?<!\w)(?:{words})(?!\w)", bare, re.IGNORECASE)


def _subject(clause: str) -> str | None:
    """The words before the clause's first act, when they are a body, not a nominalised act or a label."""
    m = _first_act(clause)
    head = clause[:m.start()].strip(" ,-") if m else ""
    not_actor = tuple(w.lower() for ws in cues()["not_actor"].values() for w in ws)
    if not head or ":" in head or len(head.split()) > SUBJECT_WORDS or head.lower().startswith(not_actor):
        return None
    return _upper_first(head)


def _label(line: str, wording: str) -> str | None:
    """The label of a "Label: value" line whose value is the date and at most two words."""
    label, colon, value = line.lstrip("-+• ").partition(":")
    rest = value.replace(wording, "").strip(" .;")
    return label.strip() if colon and len(label.split()) <= LABEL_WORDS and len(rest.split()) <= 3 else None


def _without_time(text: str) -> str | None:
    """'Thời gian gửi hồ sơ' → 'gửi hồ sơ'; None when the text does not open with a word of time."""
    cue = next((c for c in sorted(cues()["time"], key=len, reverse=True) if text.lower().startswith(c.lower())), None)
    return text[len(cue):].strip() if cue else None


def _labelled_act(label: str, section: Section) -> str:
    """'Thời gian thực hiện' names no act (the section's title does); 'Thời gian gửi hồ sơ' names 'gửi hồ sơ'; a
    thing ('Hồ sơ đề nghị …') is sent as the title's time says ('Thời hạn gửi hồ sơ …': 'Gửi hồ sơ đề nghị …')."""
    rest = _without_time(label)
    if rest is not None:
        return _upper_first(rest) if rest else (section.title or label)
    titled = _without_time(section.title or "") or ""
    act = _first_act(titled)
    named = _first_act(label)
    if act and act.start() == 0 and not (named and named.start() == 0):
        return _upper_first(f"{act.group(0)} {label[:1].lower()}{label[1:]}")
    return label


def _owner(section: Section, sections: list[Section], movements: list[dict[str, Any]],
           duties: list[dict[str, Any]]) -> str:
    """The lead of the movement holding the section, else the body whose duties hold it, else its title."""
    lead = next((m["lead"] for m in movements if section.id == m["id"] or section.id.startswith(m["id"] + ".")), None)
    duty = next((d["body"] for d in duties if section.id == d["section"] or section.id.startswith(d["section"] + ".")),
                None)
    return lead or duty or section.title or ""


def fill(deadlines: list[dict[str, Any]], sections: list[Section], movements: list[dict[str, Any]],
         duties: list[dict[str, Any]]) -> None:
    """Each deadline's `who` and `what`, read from its `source` sentence."""
    by_id = {s.id: s for s in sections}
    for d in deadlines:
        section, sentence, wording = by_id[d["section"]], d["source"], d["wording"]
        label = _label(sentence, wording)
        parts = clauses(sentence.lstrip("-+• "))
        own = next((c for c in parts if wording in c), sentence)
        subject = None if label else next((s for c in parts if (s := _subject(c))), None)
        d["who"] = subject or _owner(section, sections, movements, duties)
        if label:
            d["what"] = _labelled_act(label, section)
            continue
        act = own.replace(wording, " ").strip(" -")
        if subject and _subject(own) == subject:
            act = act[len(subject):]
        act = re.sub(rf"^(?:{'|'.join(map(re.escape, cues()['not_actor']['acts']))})\s+", "", act.strip(" ,"),
                     flags=re.IGNORECASE)
        d["what"] = _upper_first(re.sub(r"\s+", " ", act))
