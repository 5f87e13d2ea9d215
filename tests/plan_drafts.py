"""Each served plan's text (its expected.yaml `source`) drafted once per run by `plans draft`, so the contract suite
runs on the draft as on the plan: a draft's id is its plan's with DRAFT appended."""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.drafting.plan import write_draft
from knowledge.loader import available_plans, load_plan
from knowledge.schema import Plan, UnitDirectory
from tests.conftest import ROOT, SHARED

DRAFT = "-draft"
DATA = ROOT / "tests" / "data" / "plans"


def expected(plan_id: str) -> dict:
    """The plan's expected.yaml (a draft reads its plan's)."""
    return yaml.safe_load((DATA / plan_id.removesuffix(DRAFT) / "expected.yaml").read_text("utf-8"))


def source(plan_id: str) -> Path:
    """The plan's text: 'shared:' paths are under ../shared (SHARED_DIR), others in the repository."""
    where = expected(plan_id)["source"]
    return SHARED / where.removeprefix("shared:") if where.startswith("shared:") else ROOT / where


def is_draft(plan_id: str) -> bool:
    return plan_id.endswith(DRAFT)


def draft_ids() -> list[str]:
    """A draft for each served plan whose text is on this machine."""
    return [f"{p}{DRAFT}" for p in available_plans() if source(p).exists()]


@lru_cache(maxsize=None)
def load(plan_id: str) -> tuple[Plan, UnitDirectory]:
    """A served plan as its loader reads it, or a draft written by `plans draft` and read back the same way."""
    if not is_draft(plan_id):
        return load_plan(plan_id)
    with tempfile.TemporaryDirectory() as out:
        write_draft(source(plan_id), plan_id, Path(out))
        return load_plan(plan_id, Path(out))
