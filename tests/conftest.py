from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from knowledge.answer import Answerer
from knowledge.loader import load_plan
from knowledge.schema import Plan, UnitDirectory

ROOT = Path(__file__).resolve().parent.parent
PLAN_ID = "hanoi-2024-70-nam-giai-phong-thu-do"
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def plan_and_units() -> tuple[Plan, UnitDirectory]:
    return load_plan(PLAN_ID)


@pytest.fixture(scope="session")
def plan(plan_and_units: tuple[Plan, UnitDirectory]) -> Plan:
    return plan_and_units[0]


@pytest.fixture(scope="session")
def answerer(plan_and_units: tuple[Plan, UnitDirectory]) -> Answerer:
    return Answerer(*plan_and_units)


@pytest.fixture(scope="session")
def plan_source() -> str:
    """The plan's original text from ../shared; never skipped in CI."""
    path = SHARED / "plan" / "ke-hoach-thi-dua-70-nam-giai-phong-thu-do-2024.txt"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not found")
    return path.read_text(encoding="utf-8")
