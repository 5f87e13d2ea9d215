"""The plan as data: verbatim sections, every date and number encoded, clear errors, plans chosen by configuration."""
from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from knowledge.loader import PLANS_DIR, UNITS_DIR, KnowledgeError, load_plan
from knowledge.schema import Plan
from knowledge.units import UnitResolver
from tests.conftest import PLAN_ID

NUMBERS = re.compile(r"\d+(?:/\d+)*|\b[IVX]{2,}\b")
EXPECTED_SECTIONS = {"header", "I.1", "I.2", "II.1", *(f"II.1.{i}" for i in range(1, 8)),
                     *(f"II.2.{i}" for i in range(1, 11)), "III.1", "III.2", "III.3.1", "III.3.2.a", "III.3.2.b",
                     "III.4.1", "III.4.2", "III.5.1", "III.5.2.a", "III.5.2.b", "III.5.3",
                     *(f"IV.{i}" for i in range(1, 8))}


def _squash(text: str) -> str:
    """No white space, NFC (the source mixes NFD in; the data keeps one form)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _numbers(text: str) -> set[str]:
    return {re.sub(r"(?<![0-9])0+(?=[0-9])", "", n) for n in NUMBERS.findall(text)}


def test_every_section_of_the_plan_is_there(plan: Plan) -> None:
    assert EXPECTED_SECTIONS <= {s.id for s in plan.sections}


def test_quotas_cover_each_class_and_nominee_kind(plan: Plan) -> None:
    got = {(q.unit_class, q.nominee): q.max for q in plan.quotas}
    assert got == {("district", "collective"): 2, ("district", "individual"): 3,
                   ("city", "collective"): 1, ("city", "individual"): 2}


def test_ten_movements_with_their_leads(plan: Plan) -> None:
    assert [m.id for m in plan.movements] == [f"II.2.{i}" for i in range(1, 11)]
    assert plan.movements[2].lead == "Sở Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize("name, unit_class", [
    ("Sở Y tế", "city"), ("Thành đoàn", "city"), ("huyện Ba Vì", "district"), ("quan ba dinh", "district"),
    ("thi xa son tay", "district"), ("Hội Liên hiệp Phụ nữ Thành phố", "city"), ("Ủy ban MTTQ Thành phố", "city"),
    ("huyện Ứng Hoà", "district"), ("Liên đoàn Lao động Thành phố", "city"), ("Sở Văn hoá và Thể thao", "city"),
])
def test_units_resolve_to_their_quota_class(plan_and_units, name: str, unit_class: str) -> None:
    from knowledge.lexicon import phrase
    match = UnitResolver(*plan_and_units).find(f" {phrase(name)} ")
    assert match is not None and match.unit_class.id == unit_class


def test_all_thirty_district_level_units_are_listed(plan_and_units) -> None:
    _, units = plan_and_units
    assert len([u for u in units.units if u.kind in ("quan", "huyen", "thi_xa")]) == 30


def _copy_plan(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((PLANS_DIR / f"{PLAN_ID}.yaml").read_text("utf-8"))
    edit(data)
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return tmp_path


@pytest.mark.parametrize("edit, where, problem", [
    (lambda d: d["quotas"][0].update(max="hai"), "quotas[0].max", "valid integer"),
    (lambda d: d["quotas"][1].update(unit_class="tinh"), "quotas[1].unit_class", "unknown unit class"),
    (lambda d: d["deadlines"][0].update(section="IX.9"), "deadlines[0].section", "not among"),
    (lambda d: d["movements"][0].pop("lead"), "movements[0].lead", "Field required"),
    (lambda d: d.pop("forms"), "forms", "Field required"),  # refused at load, never a rollback per submission
    (lambda d: d["criteria"][0].update(award="co_thi_dua"), "criteria[0].award", "unknown award kind"),
    (lambda d: d["award_kinds"][0].update(procedure="fast"), "award_kinds[0].procedure", "'simple' or 'regular'"),
    (lambda d: d["forms"].update(templates=[t for t in d["forms"]["templates"] if t.get("procedure") != "simple"]),
     "forms.templates", "no bao_cao template for simple"),
])
def test_bad_data_names_the_file_the_path_and_the_problem(tmp_path: Path, edit, where: str, problem: str) -> None:
    plans = _copy_plan(tmp_path, edit)
    with pytest.raises(KnowledgeError) as err:
        load_plan("broken", plans, UNITS_DIR)
    message = str(err.value)
    assert "broken.yaml" in message and where in message and problem in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\nquotas: [\n", "utf-8")
    with pytest.raises(KnowledgeError, match=r"bad.yaml: line \d+"):
        load_plan("bad", tmp_path, UNITS_DIR)


def test_unknown_plan_lists_the_available_ones() -> None:
    with pytest.raises(KnowledgeError, match=PLAN_ID):
        load_plan("khong-co")


def test_a_second_plan_is_a_data_file(tmp_path: Path) -> None:
    shutil.copy(PLANS_DIR / f"{PLAN_ID}.yaml", tmp_path / "hanoi-2025.yaml")
    data = yaml.safe_load((tmp_path / "hanoi-2025.yaml").read_text("utf-8"))
    data["id"], data["year"] = "hanoi-2025", 2025
    data["deadlines"][1]["date"], data["deadlines"][1]["wording"] = "2025-09-15", "trước ngày 15/9/2025"
    (tmp_path / "hanoi-2025.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    plan, _ = load_plan("hanoi-2025", tmp_path, UNITS_DIR)
    assert plan.deadlines[1].wording == "trước ngày 15/9/2025"
