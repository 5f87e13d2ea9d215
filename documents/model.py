"""The data contract between the nomination drafts (storage, wizard) and the documents: plain frozen dataclasses."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from knowledge.schema import AwardKindId as AwardKind
from knowledge.schema import NomineeKindId as NomineeKind
from knowledge.schema import Procedure

# The keys of `Nomination.achievements` for each procedure, in the order the report shows them.
ACHIEVEMENT_KEYS: dict[Procedure, tuple[str, ...]] = {"simple": ("act", "merit"), "regular": ("results", "initiatives")}
# The report's other particulars (Mẫu 02, 03), by the names the templates use: one line each, or paragraphs.
LINE_DETAILS = ("ethnicity", "religion", "hometown", "residence", "education", "degrees", "address", "founding",
                "structure")
PARAGRAPH_DETAILS = ("duties", "functions", "policies", "party_work")


@dataclass(frozen=True)
class Nominee:
    """Who is nominated. Text is as the officer typed it; `birth` too ("15/03/1980" or "1980")."""

    kind: NomineeKind
    name: str
    gender: str | None = None  # individuals
    birth: str | None = None  # individuals
    position: str | None = None  # individuals
    workplace: str | None = None  # individuals
    managing_body: str | None = None  # the body that manages the nominee (its confirmation when not the unit)
    head: str | None = None  # collectives: the head who signs the report
    members: int | None = None  # collectives
    details: dict[str, str] = field(default_factory=dict)  # keys: LINE_DETAILS, PARAGRAPH_DETAILS; absent: blank

    @property
    def is_collective(self) -> bool:
        return self.kind == "collective"


@dataclass(frozen=True)
class Nomination:
    """One submitted nomination of the unit."""

    id: int
    award_kind: AwardKind
    procedure: Procedure  # the award kind's: what the report tells and whether a council voted
    movement_id: str | None  # the plan's movement (its section id); None when not one of them
    movement_name: str  # "" when an ad-hoc act belongs to no movement
    lead_agency: str  # the movement's lead agency: receives the dossier when the plan routes it through the lead
    nominee: Nominee
    achievements: dict[str, str] = field(default_factory=dict)  # keys: ACHIEVEMENT_KEYS[procedure]
    council_date: dt.date | None = None  # the unit's Emulation Council meeting that chose the nominee
    submitted_at: dt.datetime | None = None
    movement_short: str = ""  # the movement's short name, to tell nominees of several movements apart
    proposer: str = ""  # in a lead agency's gathered dossier, the unit that proposed the nominee
    proposer_code: str = ""  # and that unit's abbreviation, as its Tờ trình is numbered
    summary: str = ""  # the officer's own summary of the achievement (Danh sách, simple Tờ trình); "": made
    outside_management: bool = False  # the nominee is not managed by the proposing unit: its agreement
    enclosed: tuple[str, ...] = ()  # other papers the officer said go with it (the managing body's agreement, …)


@dataclass(frozen=True)
class UnitProfile:
    """How the proposing unit heads and signs its papers (Decree 30/2020); None leaves a blank to fill by hand, or
    the unit's name where a name is needed."""

    issuer: str | None = None  # the official issuing name: "Ủy ban nhân dân quận An Phú"
    superior: str | None = None  # the body above it, first line of the header: "Ủy ban nhân dân tỉnh …"
    code: str | None = None  # the abbreviation in document numbers: "UBND" in ".../TTr-UBND"
    place: str | None = None  # the place in the date line ("An Phú"); None: the plan's city
    council: str | None = None  # "Hội đồng Thi đua - Khen thưởng quận"
    functions: str | None = None  # the text that sets the unit's functions and duties (Mẫu 01's basis)
    signer_title: str | None = None  # lines: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name: str | None = None  # printed under the signature


@dataclass(frozen=True)
class UnitDossier:
    """Everything one proposing unit submits."""

    unit_name: str
    unit_class: str  # the plan's unit class id ("district", "city")
    nominations: list[Nomination]
    profile: UnitProfile = UnitProfile()
