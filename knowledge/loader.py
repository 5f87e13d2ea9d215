"""Load and validate plan data files; errors name the file, the path inside it and the problem."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schema import Plan, UnitDirectory

DATA_DIR = Path(__file__).resolve().parent
PLANS_DIR = DATA_DIR / "plans"
UNITS_DIR = DATA_DIR / "units"
FORMS_DIR = DATA_DIR / "forms"

M = TypeVar("M", bound=BaseModel)


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when built with it: ten times faster


class KnowledgeError(Exception):
    """A data file is missing, unreadable or does not match the schema."""


def _read_yaml(path: Path) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE)
    except FileNotFoundError:
        raise KnowledgeError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise KnowledgeError(f"{path}:{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_model(path: Path, model: type[M]) -> M:
    data = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{_location(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise KnowledgeError(f"{path}: {problems}") from None


def available_plans(plans_dir: Path = PLANS_DIR) -> list[str]:
    return sorted(p.stem for p in plans_dir.glob("*.yaml"))


def load_plan(plan_id: str, plans_dir: Path = PLANS_DIR, units_dir: Path = UNITS_DIR,
              forms_dir: Path = FORMS_DIR) -> tuple[Plan, UnitDirectory]:
    """The plan `plan_id` and the unit directory of its city; the plan's document templates must exist."""
    path = plans_dir / f"{plan_id}.yaml"
    if not path.exists():
        raise KnowledgeError(f"{path}: no such plan; available: {', '.join(available_plans(plans_dir)) or 'none'}")
    plan = load_model(path, Plan)
    units = load_model(units_dir / f"{plan.units}.yaml", UnitDirectory)
    kinds = {k.id for k in units.kinds}
    for i, cls in enumerate(plan.unit_classes):
        unknown = [k for k in cls.kinds if k not in kinds]
        if unknown:
            raise KnowledgeError(f"{path}: unit_classes[{i}].kinds: {unknown} not in {plan.units}.yaml kinds")
    if plan.forms:
        for i, t in enumerate(plan.forms.templates):
            if not (forms_dir / plan.forms.set / t.file).is_file():
                missing = forms_dir / plan.forms.set / t.file
                raise KnowledgeError(f"{path}: forms.templates[{i}].file: {missing} not found")
    return plan, units
