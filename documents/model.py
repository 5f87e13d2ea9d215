"""The data contract between the nomination drafts (storage, wizard) and the documents: plain frozen dataclasses."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

NomineeKind = Literal["ca_nhan", "tap_the"]
AwardKind = Literal["dot_xuat", "tong_ket"]

# The keys of `Nomination.achievements` for each award kind, in the order the report shows them.
ACHIEVEMENT_KEYS: dict[str, tuple[str, ...]] = {"dot_xuat": ("act", "merit"), "tong_ket": ("results", "initiatives")}


@dataclass(frozen=True)
class Nominee:
    """Who is nominated. Text is as the officer typed it; `birth` too ("15/03/1980" or "1980")."""

    kind: NomineeKind
    name: str
    gender: str | None = None  # individuals
    birth: str | None = None  # individuals
    position: str | None = None  # individuals
    workplace: str | None = None  # individuals
    managing_body: str | None = None  # the body that manages the nominee (III.5.2: its confirmation when not the unit)
    head: str | None = None  # collectives: the head who signs the report
    members: int | None = None  # collectives

    @property
    def is_collective(self) -> bool:
        return self.kind == "tap_the"


@dataclass(frozen=True)
class Nomination:
    """One submitted nomination of the unit."""

    id: int
    award_kind: AwardKind
    movement_id: str | None  # the plan's movement (section id, e.g. "II.2.1"); None when not one of them
    movement_name: str  # "" when an ad-hoc act belongs to no movement
    lead_agency: str  # the movement's lead agency: receives a tổng kết dossier (III.5.2.a)
    nominee: Nominee
    achievements: dict[str, str] = field(default_factory=dict)  # keys: ACHIEVEMENT_KEYS[award_kind]
    council_date: dt.date | None = None  # the unit's Emulation Council meeting that chose the nominee
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class UnitDossier:
    """Everything one proposing unit submits."""

    unit_name: str
    unit_class: str  # the plan's unit class id ("district", "city")
    nominations: list[Nomination]
    signer_title: str | None = None  # "GIÁM ĐỐC" or "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"; None: left for the unit to type
    signer_name: str | None = None  # printed under the signature (Decree 30); None: written by hand
    superior_body: str | None = None  # the body above the unit, first line of the header ("UBND THÀNH PHỐ HÀ NỘI")
    unit_code: str | None = None  # the unit's abbreviation in document numbers ("SXD" in .../TTr-SXD)
    place: str | None = None  # the place in the date line; None: the plan's city (a district writes its own name)
