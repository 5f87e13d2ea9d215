"""Check a drafted plan: does it load, which facts wait for review, which dates and numbers no fact holds yet."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.loader import UNITS_DIR, load_plan
from knowledge.schema import Plan

FIGURE = re.compile(r"(?<![\w/])(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}|\d+(?:[.,]\d+)*%?)(?![\w/])")
LABEL_KEYS = ("wording", "body", "title", "label", "name", "value", "number")


@dataclass
class Report:
    plan: Plan
    reviews: list[str]  # "deadlines[1] (<section>): <its wording>"
    unheld: list[str]  # "<section>: <the date or number>"


def _reviews(data: Any, path: str = "") -> list[str]:
    if isinstance(data, list):
        return [r for i, x in enumerate(data) for r in _reviews(x, f"{path}[{i}]")]
    if not isinstance(data, dict):
        return []
    found = []
    if data.get("review"):
        label = next((str(data[k]) for k in LABEL_KEYS if data.get(k)), "")
        found.append(f"{path} ({data.get('section', data.get('id', ''))}): {label[:100]}")
    return found + [r for k, v in data.items() for r in _reviews(v, f"{path}.{k}" if path else k)]


def _unheld(plan: Plan) -> list[str]:
    """Dates and numbers the sections write that no fact's text contains."""
    facts = yaml.safe_dump(plan.model_dump(exclude={"sections"}, mode="json"), allow_unicode=True, width=10**9)
    held = set(FIGURE.findall(facts))
    out = []
    for s in plan.sections:
        if s.id == "header":
            continue
        for figure in dict.fromkeys(FIGURE.findall(f"{s.title or ''} {s.text}")):
            if len(figure) > 1 and figure not in held:
                out.append(f"{s.id}: {figure}")
    return out


def check(plan_id: str, plans_dir: Path, units_dir: Path = UNITS_DIR) -> Report:
    """Raises KnowledgeError (file, path inside it, problem) when the plan does not load."""
    plan, _ = load_plan(plan_id, plans_dir, units_dir)
    data = yaml.safe_load((plans_dir / f"{plan_id}.yaml").read_text("utf-8"))
    return Report(plan, _reviews({k: v for k, v in data.items() if k != "sections"}), _unheld(plan))
