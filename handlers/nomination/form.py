"""The form as data (form.yaml) and the steps it gives for one draft: criteria and papers expanded from the plan."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from documents.model import ACHIEVEMENT_KEYS, LINE_DETAILS, PARAGRAPH_DETAILS
from knowledge.citation import cite
from knowledge.normalize import clean, fold, upper_first
from knowledge.schema import NOMINEE_WORDS, Paper, Plan, UnitDirectory

FORM_FILE = Path(__file__).resolve().parent / "form.yaml"
Kind = Literal["unit", "unit_class", "award_kind", "movement", "nominee_kind", "choice", "person_name", "short_text",
               "long_text", "count", "birth_date", "past_date", "criteria", "papers", "signer_title"]
PROFILE_KEYS = ("unit", "unit_name", "unit_class")  # the officer's unit: asked once per user, kept on the profile
SKIP = "Bỏ qua"  # the button that leaves an optional step out


class FormField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    label: str
    kind: Kind
    prompt: str
    options: dict[str, str] = {}
    when: dict[str, str] = {}
    hint: str | None = None
    optional: bool = False  # may be skipped ("Bỏ qua"): left blank, or to fill by hand


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min: int
    max: int


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    profile: list[FormField]
    fields: list[FormField]
    unit_profile: list[FormField]
    skip_words: list[str]
    long_text: Bounds
    short_text: Bounds


def skips(form: Form, text: str) -> bool:
    """The text says "leave it out"."""
    return fold(clean(text)).strip(" .!") in {fold(w) for w in form.skip_words}


# Every answer key the code and the documents read. A form.yaml that lacks one is refused at load: renamed in the
# YAML alone, the field would be filled with dots in every document.
READ_KEYS = frozenset({*PROFILE_KEYS, "award_kind", "movement", "nominee_kind", "full_name", "gender", "birth",
                       "position", "workplace", "collective_name", "managing_body", "head", "members", "managed",
                       "council_date", "summary", *(k for keys in ACHIEVEMENT_KEYS.values() for k in keys),
                       *LINE_DETAILS, *PARAGRAPH_DETAILS})


class FormError(ValueError):
    """form.yaml does not give a field the code reads."""


def load_form(path: Path = FORM_FILE) -> Form:
    form = Form.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    missing = READ_KEYS - {f.key for f in [*form.profile, *form.fields]}
    if missing:
        raise FormError(f"{path}: no field for {', '.join(sorted(missing))}, which the code reads")
    return form


_PLACEHOLDER = re.compile(r"\{(ex|cite):([a-z_]+)\}")


def _cites(plan: Plan) -> dict[str, str]:
    """The plan's sections a prompt may cite ({cite:NAME}), as ', Mục …'; '' where the plan has none."""
    outside = next((p.section for p in plan.papers if p.when_outside_management), None)
    found = {"quotas": plan.quotas[0].section if plan.quotas else None, "outside_management": outside}
    return {name: f", {cite(section)}" if section else "" for name, section in found.items()}


def bind(form: Form, plan: Plan, units: UnitDirectory) -> Form:
    """The form with its prompts in this plan's and city's words: {ex:NAME} from the directory's examples, {cite:NAME}
    from the plan. A placeholder neither gives is refused here, at start-up, not shown to an officer."""
    values = {"ex": units.examples.model_dump(), "cite": _cites(plan)}

    def fill(f: FormField) -> FormField:
        for source, name in _PLACEHOLDER.findall(f.prompt):
            if name not in values[source]:
                raise FormError(f"{f.key}: prompt uses {{{source}:{name}}}, which {units.city}'s directory or plan "
                                f"{plan.id!r} does not give")
        return f.model_copy(update={"prompt": _PLACEHOLDER.sub(lambda m: values[m[1]][m[2]], f.prompt)})

    return form.model_copy(update={name: [fill(f) for f in getattr(form, name)]
                                   for name in ("profile", "fields", "unit_profile")})


def facts(plan: Plan, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers and what follows from them that a field's `when` may test: the award kind's procedure."""
    kind = plan.award_kind(answers.get("award_kind"))
    return {**answers, "procedure": kind.procedure} if kind else answers


def nominee_kinds(plan: Plan, answers: dict[str, Any]) -> list[str]:
    """Who the chosen award kind is for (a flag may go to collectives only); both before it is chosen."""
    kind = plan.award_kind(answers.get("award_kind"))
    return list(kind.nominees) if kind else list(NOMINEE_WORDS)


def implied(plan: Plan, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with what the award kind settles: its only nominee kind; a nominee kind it does not take, dropped."""
    allowed = nominee_kinds(plan, answers)
    if len(allowed) == 1:
        return {**answers, "nominee_kind": allowed[0]}
    if answers.get("nominee_kind") not in (None, *allowed):
        return {k: v for k, v in answers.items() if k != "nominee_kind"}
    return answers


@dataclass(frozen=True)
class Step:
    """One question of the wizard: a field, or one criterion or paper of an expanded field."""

    key: str
    field: FormField
    detail: str | None = None  # the criterion's text, or the paper's name
    section: str | None = None
    paper: Paper | None = None


def steps(form: Form, plan: Plan, answers: dict[str, Any], needs_unit: bool) -> list[Step]:
    """Every question this draft asks, in order, given the answers so far."""
    fields = [*(form.profile if needs_unit else []), *form.fields]
    known = facts(plan, answers)
    out: list[Step] = []
    for f in fields:
        if any(known.get(k) != v for k, v in f.when.items()):
            continue
        if f.kind == "criteria":
            out += _criteria_steps(f, plan, answers)
        elif f.kind == "papers":
            out += _paper_steps(f, plan, answers)
        elif f.kind == "nominee_kind":  # a choice among those the award kind takes
            options = {k: upper_first(NOMINEE_WORDS[k]) for k in nominee_kinds(plan, answers)}
            out.append(Step(f.key, f.model_copy(update={"options": options})))
        else:
            out.append(Step(f.key, f))
    return out


def _criteria_steps(f: FormField, plan: Plan, answers: dict[str, Any]) -> list[Step]:
    award, nominee = answers.get("award_kind"), answers.get("nominee_kind")
    return [Step(f"criteria.{award}.{nominee}.{i}", f, item, c.section)
            for c in plan.criteria if c.award == award and c.nominee in (nominee, "any")
            for i, item in enumerate(c.items)]


def _paper_steps(f: FormField, plan: Plan, answers: dict[str, Any]) -> list[Step]:
    outside = answers.get("managed") == "no"
    return [Step(f"paper.{p.id}", f, p.name, p.section, p) for p in plan.papers
            if p.award in (answers.get("award_kind"), "any") and (outside or not p.when_outside_management)]
