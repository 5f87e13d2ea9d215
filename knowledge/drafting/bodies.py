"""Bodies and unit classes the plan names, matched to a city's unit directory (knowledge/units/*.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.loader import load_model
from knowledge.schema import UnitDirectory


@dataclass
class Matched:
    directory: str  # the directory's file name without .yaml
    units: UnitDirectory
    known: list[str]  # bodies of the plan that the directory lists
    new: list[str]  # bodies it does not list


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def named_bodies(movements: list[dict[str, Any]], duties: list[dict[str, Any]]) -> list[str]:
    """Each body a movement or a duty names: leads, partners one by one, duty holders."""
    names = [m["lead"] for m in movements] + [d["body"] for d in duties]
    for m in movements:
        names += [p.strip() for p in re.split(r"[;,]|\s+và\s+(?=các\b)", m["partners"]) if p.strip()]
    return list(dict.fromkeys(n for n in names if n[:1].isupper()))


def match(bodies: list[str], units_dir: Path) -> Matched:
    """The directory listing most of the bodies (the first one when none lists any)."""
    best: Matched | None = None
    for path in sorted(units_dir.glob("*.yaml")):
        units = load_model(path, UnitDirectory)
        names = {_words(n) for u in units.units for n in [u.name, *u.aliases]}
        known = [b for b in bodies if _words(b) in names]
        if best is None or len(known) > len(best.known):
            best = Matched(path.stem, units, known, [b for b in bodies if b not in known])
    if best is None:
        raise FileNotFoundError(f"{units_dir}: no unit directory")
    return best


def kinds_in(label: str, units: UnitDirectory) -> list[str]:
    """The directory's unit kinds a class label names, by the kind's label or one of its prefixes."""
    text = _words(label)
    return [k.id for k in units.kinds if any(_words(n) in text for n in [k.label, *k.prefixes])]


def unit_classes(labels: list[str], units: UnitDirectory, other: str) -> list[dict[str, Any]]:
    """A class per label the quotas name; the directory's kinds none of them names go to a class `other`, so
    that every unit has a class."""
    classes = [{"id": f"lop-{i}", "label": label, "kinds": kinds_in(label, units), "review": True, "source": label}
               for i, label in enumerate(dict.fromkeys(labels), 1)]
    named = {k for c in classes for k in c["kinds"]}
    rest = [k.id for k in units.kinds if k.id not in named]
    return classes + ([{"id": "lop-khac", "label": other, "kinds": rest, "review": True}] if rest else [])
