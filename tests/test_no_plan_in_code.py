"""Nothing of a particular plan lives in code: every name one plan or its city's directory writes and the other plans
do not (its city, units, unit kind ids, Roman section numbers, anniversary) and every award kind id is absent from the
code, its comments and its templates. A plan that slips back into code fails here, whichever plan it is."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from knowledge.loader import available_plans, load_plan

ROOT = Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("bot/**/*.py"), *ROOT.glob("handlers/**/*.py"), *ROOT.glob("handlers/**/*.j2"),
        *ROOT.glob("handlers/**/*.yaml"), *ROOT.glob("knowledge/*.py"), *ROOT.glob("knowledge/templates/*.j2"),
        *ROOT.glob("knowledge/drafting/*.py"), *ROOT.glob("knowledge/drafting/*.yaml"),
        *ROOT.glob("documents/**/*.py")]


def _names(plan_id: str) -> set[str]:
    """The words that tie text to this plan: city, units, unit kind ids, Roman section ids, anniversary."""
    plan, units = load_plan(plan_id)
    names = {plan.city, units.city, plan.id, plan.units}
    for u in units.units:
        names |= {u.name, *u.aliases}
        kind = next(k for k in units.kinds if k.id == u.kind)
        if kind.bare_names:
            names |= {u.name[len(p):].strip() for p in kind.prefixes if u.name.lower().startswith(p + " ")}
    names |= {f'"{k.id}"' for k in units.kinds}  # an id the code would branch on; labels are national vocabulary
    names |= {s.id for s in plan.sections if "." in s.id and not s.id.split(".")[0].isdigit()}
    if plan.anniversary:
        a = plan.anniversary
        names |= {a.name, a.wording, f"{a.years} năm", f"{a.from_date:%d/%m}"}
    return {n for n in names if len(n) >= 3}


@lru_cache(maxsize=1)
def forbidden() -> dict[str, str]:
    """Each plan's own names (those no other plan shares), and every plan's award kind ids, to the plan they are of."""
    plans = available_plans()
    named = {p: _names(p) for p in plans}
    shared = Counter(n.lower() for names in named.values() for n in names)
    out = {n: p for p, names in named.items() for n in names if shared[n.lower()] == 1 or len(plans) == 1}
    for p in plans:
        out |= {k.id: p for k in load_plan(p)[0].award_kinds}
    return out


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", re.IGNORECASE)


def test_there_are_several_plans_to_tell_apart() -> None:
    assert len(available_plans()) >= 2


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_plan_is_named_in_code(path: Path) -> None:
    text = path.read_text("utf-8")
    found = [f"{name!r} ({plan})" for name, plan in forbidden().items() if _pattern(name).search(text)]
    assert not found, f"{path.relative_to(ROOT)} names {', '.join(found)}"
