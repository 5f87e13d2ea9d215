"""A draft plan from a file: every part read, assembled in the plan schema, written atomically as YAML."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.drafting import DraftError, acts, awards, bodies, cues, dossier, facts, roles
from knowledge.drafting.header import HeaderDraft, citation_pattern, read_header
from knowledge.drafting.reading import read_lines
from knowledge.drafting.sections import Body, Section, split
from knowledge.drafting.text import sentence_around
from knowledge.loader import UNITS_DIR
from knowledge.schema import Plan


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).parent / "defaults.yaml").read_text("utf-8"))


def _issuer(header: HeaderDraft, city: str) -> str:
    """The issuing body in sentence case, its place spelt as the directory's city or the date line write it."""
    text = header.issuer.capitalize()
    place = header.place_date.split(",")[0].strip()
    for name in (city, place):
        if name:
            text = re.sub(re.escape(name), name, text, flags=re.IGNORECASE)
    return text


def _date(text: str | None) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _documents(header: HeaderDraft, sections: list[Section]) -> list[dict[str, Any]]:
    sources = [("basis", "header", " ".join(header.bases))] + [("cited", s.id, s.text) for s in sections]
    out, seen = [], set()
    for role, section, text in sources:
        for m in citation_pattern().finditer(text):
            if m.group("number") in seen:
                continue
            seen.add(m.group("number"))
            out.append({"kind": m.group("kind"), "number": m.group("number"), "date": _date(m.group("date")),
                        "issuer": (m.group("issuer") or "").strip(), "role": role,
                        "about": (m.group("about") or m.group("name") or "").strip(), "section": section,
                        "review": True, "source": sentence_around(text, m.start(), m.end())})
    return out


def _role(line: str) -> str:
    """'PHÓ CHỦ TỊCH' as the title is written ('Phó Chủ tịch'), else in sentence case."""
    return next((t for t in cues()["signer_titles"] if t.casefold() == line.strip().casefold()), line.capitalize())


def _header(header: HeaderDraft, issuer: str, body: str) -> dict[str, Any]:
    """The signer's title: the block's last line (their own office) and the issuing body without its place."""
    title = f"{_role(header.block[-1])} {body}" if header.block else ""
    return {"number": header.number, "number_note": f"{header.number}; {header.place_date}", "issuer": issuer,
            "place_date": header.place_date,
            "signer": {"name": header.signer, "title": title, "block": header.block},
            "recipients": header.recipients, "section": "header", "review": True,
            "source": " ".join([header.issuer, header.number, header.place_date])}


def _quotas(body: Body, kinds: list[dict[str, Any]], classes: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for q in facts.quotas(body.sections):
        section = next(s for s in body.sections if s.id == q["section"])
        kind = awards.kind_of(section, body.sections, kinds) or next(iter(kinds), None)
        if kind:
            label = q.pop("unit_class_label")
            out.append({"award": kind["id"], "unit_class": classes[label], **q})
    return out


def _figures(sections: list[Section]) -> list[dict[str, Any]]:
    return [{"value": m.group(0), "text": sentence_around(s.text, m.start(), m.end()), "section": s.id,
             "review": True} for s in sections for m in re.finditer(r"\d+(?:,\d+)?%", s.text)]


def _with_issuer(data: Any, issuer: str) -> Any:
    return yaml.safe_load(yaml.safe_dump(data, allow_unicode=True).replace("{issuer}", issuer))


def _submissions(defaults: list[dict[str, Any]], sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The default submission of each stage the dossier sets go through, at the first set's section; the first
    default's at the header when no set was found."""
    first = {}
    for s in sets:
        first.setdefault(s["stage"], s["section"])
    chosen = [{**d, "section": first[d["stage"]]} for d in defaults if d["stage"] in first]
    return chosen or [{**defaults[0], "section": "header"}]


def draft(path: Path, plan_id: str, units_dir: Path = UNITS_DIR) -> dict[str, Any]:
    """The plan's data, as a dict the schema validates; every fact read marked for review."""
    lines = read_lines(path)
    if not any(line.upper().startswith(cues()["plan_word"]) for line in lines):
        raise DraftError(f"{path}: no “{cues()['plan_word']}” heading: not a plan")
    try:
        body = split(lines)
    except DraftError as exc:
        raise DraftError(f"{path}: {exc}") from None
    header = read_header(body.header)
    movements, duties = roles.movements(body.sections), roles.duties(body.sections)
    matched = bodies.match(bodies.named_bodies(movements, duties), units_dir)
    issuer = _issuer(header, matched.units.city)
    body_kind = issuer.replace(matched.units.city, "").strip()  # 'Ủy ban nhân dân tỉnh': the office, not its place
    kinds = awards.award_kinds(body.sections) or [{**_defaults()["award_kind"], "aliases": [], "review": True,
                                                    "section": body.sections[0].id}]
    quota_labels = [q["unit_class_label"] for q in facts.quotas(body.sections)]
    classes = bodies.unit_classes(quota_labels, matched.units, _defaults()["other_class_label"])
    year = facts.year(body.sections)
    sections = [Section("header", title=None, text="\n".join(body.header)), *body.sections]
    name = f"{cues()['plan_word'].capitalize()} {header.title[:1].lower()}{header.title[1:]}"
    defaults = _defaults()
    deadlines = facts.deadlines(body.sections)
    acts.fill(deadlines, body.sections, movements, duties)
    forms = _with_issuer(defaults["forms"], issuer)
    sets = dossier.sets(body.sections, kinds, _with_issuer(defaults["dossier_parties"], issuer))
    forms["submissions"] = _submissions(forms["submissions"], sets)
    return {
        "id": plan_id, "city": matched.units.city, "units": matched.directory, "name": name,
        "short_name": " ".join(name.split()[:12]), "year": year, "header": _header(header, issuer, body_kind),
        "documents": _documents(header, body.sections), "period": facts.period(body.sections, year),
        "award": awards.award(body.sections, f"{cues()['head']} {body_kind}"), "award_kinds": kinds,
        "unit_classes": classes,
        "quotas": _quotas(body, kinds, {c["label"]: c["id"] for c in classes}),
        "deadlines": deadlines, "criteria": awards.criteria(body.sections, kinds),
        "dossier": {"sets": sets, "notes": [], "copies": awards.copies(body.sections)},
        "movements": movements, "duties": duties, "figures": _figures(body.sections),
        "papers": dossier.papers(sets, body.sections),
        "general_movement": {"label": defaults["general_movement_label"], "receiver": issuer, "section": "header",
                             "review": True},
        "sections": [{"id": s.id, "title": s.title, "text": s.text} for s in sections], "forms": forms,
        "_new_bodies": matched.new,
    }


def _yaml(data: dict[str, Any]) -> str:
    new = data.pop("_new_bodies")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    lines = ["# Drafted by `python -m bot plans draft`: every fact has `review: true` until a person confirms it",
             "# (set it to false or delete it); the bot ignores facts under review and answers from the sections.",
             f"# Unit directory: knowledge/units/{data['units']}.yaml. Bodies named in the plan and not in it (new):"]
    lines += [f"#   - {b}" for b in new] or ["#   (none)"]
    return "\n".join(lines) + "\n" + text


def write_draft(path: Path, plan_id: str, out_dir: Path, units_dir: Path = UNITS_DIR) -> Path:
    """Draft `path` into `out_dir/<plan_id>.yaml`, only once it validates: a failure writes nothing."""
    data = draft(path, plan_id, units_dir)
    try:
        Plan.model_validate({k: v for k, v in data.items() if not k.startswith("_")})
    except ValidationError as exc:
        raise DraftError(f"{path}: the draft does not fit the plan schema: {exc}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{plan_id}.yaml"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{plan_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_yaml(data))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
