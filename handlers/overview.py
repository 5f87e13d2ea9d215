"""The secretariat's overview of a plan: per unit class and unit, the quota, how much of it is used and left, the
nominations by where they stand, and the units that have submitted nothing with the days left to their deadline.

Computed once from storage (one grouped query) and shown three ways: `/tonghop` in chat, the summary sheet of the
XLSX export and the web page `/tong-hop`; none of them counts anything itself."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from knowledge.schema import Deadline, Plan, UnitClass, UnitDirectory
from storage.unit_of_work import UnitOfWork

from handlers.standing import WORDS, Standing, standing


STAGES = (Standing.SUBMITTED, Standing.ACCEPTED, Standing.RETURNED, Standing.DRAFT)  # the columns, in order
STAGE_WORDS = {where: WORDS[where] for where in STAGES}
COUNTED = (Standing.SUBMITTED, Standing.ACCEPTED)  # what counts against a quota


def stage(status: str, review: str | None) -> Standing:
    """Where a nomination stands, as the secretariat tells them apart: a resubmitted one is submitted like any."""
    where = standing(status, review)
    return Standing.SUBMITTED if where == Standing.RESUBMITTED else where


@dataclass(frozen=True)
class Filters:
    """What the overview is narrowed to; None: all. Unknown values given (a hand-edited address) are ignored."""

    movement: str | None = None
    unit_class: str | None = None
    stage: Standing | None = None

    @classmethod
    def parse(cls, plan: Plan, given: Mapping[str, str]) -> Filters:
        movement = given.get("phong_trao")
        unit_class = given.get("khoi")
        status = given.get("trang_thai")
        return cls(movement if movement in plan.movement_choices() else None,
                   unit_class if unit_class in {c.id for c in plan.unit_classes} else None,
                   Standing(status) if status in STAGES else None)

    def query(self) -> dict[str, str]:
        """The filters as the page's form names them (the inverse of `parse`)."""
        pairs = {"phong_trao": self.movement, "khoi": self.unit_class, "trang_thai": self.stage}
        return {key: str(value) for key, value in pairs.items() if value}


@dataclass
class Line:
    """A unit, or a whole class: its quota, the submissions counted against it, its nominations by stage."""

    name: str
    quota: int = 0
    used: int = 0
    counts: Counter[Standing] = field(default_factory=Counter)

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def percent(self) -> int:
        """How full the quota is, for a bar (100 when there is no quota and something was submitted)."""
        if self.quota <= 0:
            return 100 if self.used else 0
        return min(100, round(100 * self.used / self.quota))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ClassView:
    unit_class: UnitClass
    total: Line
    units: list[Line]  # those shown: every unit, or those with nominations the filters keep
    waiting: list[str]  # units expected to propose (a quota) that have submitted nothing
    deadline: Deadline | None
    days_left: int | None  # to the deadline's last day; negative once past


@dataclass
class Overview:
    plan: Plan
    today: dt.date
    filters: Filters
    classes: list[ClassView]
    counts: Counter[Standing]

    @property
    def units(self) -> list[Line]:
        return [line for c in self.classes for line in c.units]


def class_deadline(plan: Plan, unit_class: str, today: dt.date) -> Deadline | None:
    """The dossier deadline a class works to: the nearest of its award kinds' still to come, else the last one."""
    ids = {k.deadline for k in plan.award_kinds if k.deadline}
    applying = sorted((d for d in plan.deadlines if d.id in ids and (not d.unit_classes
                                                                      or unit_class in d.unit_classes)),
                      key=lambda d: d.last_day)
    return next((d for d in applying if d.last_day >= today), applying[-1] if applying else None)


def build(uow: UnitOfWork, plan: Plan, directory: UnitDirectory, today: dt.date,
          filters: Filters = Filters()) -> Overview:
    """The overview of the plan whose nominations and units `uow` is scoped to."""
    class_of_kind = {k: c.id for c in plan.unit_classes for k in c.kinds}
    names = {u.name: class_of_kind[u.kind] for u in directory.units if u.kind in class_of_kind}
    stored = uow.units.all()
    for unit in stored:
        names.setdefault(unit.name, unit.unit_class)
    by_id = {unit.id: unit.name for unit in stored}
    lines = {name: Line(name) for name in names}
    per_unit = {(q.unit_class, q.award, q.nominee) for q in plan.quotas if q.per == "unit"}
    per_class = {(q.unit_class, q.award, q.nominee) for q in plan.quotas if q.per == "class"}
    class_used: Counter[str] = Counter()
    sent: Counter[str] = Counter()  # submissions per unit, whatever the stage shown
    for row in uow.nominations.tally():
        name = by_id.get(row.unit_id)
        if name is None or (filters.movement and row.movement != filters.movement):
            continue
        line, where = lines[name], stage(row.status, row.review)
        key = (names[name], row.award_kind, row.nominee_kind)
        if where in COUNTED:
            sent[name] += row.count
            line.used += row.count if key in per_unit else 0
            class_used[names[name]] += row.count if key in per_class else 0
        if filters.stage in (None, where):
            line.counts[where] += row.count
    views = [_class_view(plan, c, [lines[n] for n in names if names[n] == c.id], class_used[c.id], sent, today,
                         filters) for c in plan.unit_classes if filters.unit_class in (None, c.id)]
    return Overview(plan, today, filters, views, sum((v.total.counts for v in views), Counter()))


def _class_view(plan: Plan, unit_class: UnitClass, lines: list[Line], class_used: int, sent: Counter[str],
                today: dt.date, filters: Filters) -> ClassView:
    unit_quota = sum(q.max for q in plan.quotas if q.unit_class == unit_class.id and q.per == "unit")
    class_quota = sum(q.max for q in plan.quotas if q.unit_class == unit_class.id and q.per == "class")
    for line in lines:
        line.quota = unit_quota
    total = Line(unit_class.label, unit_quota * len(lines) + class_quota,
                 sum(line.used for line in lines) + class_used, sum((line.counts for line in lines), Counter()))
    narrowed = filters.movement or filters.stage
    shown = [line for line in lines if line.total] if narrowed else lines
    waiting = [line.name for line in lines if not sent[line.name]] if total.quota else []
    deadline = class_deadline(plan, unit_class.id, today)
    days_left = (deadline.last_day - today).days if deadline else None
    return ClassView(unit_class, total, shown, waiting, deadline, days_left)
