"""How a unit heads and signs its documents, from the unit directory: the defaults of its profile (Decree 30/2020)."""
from __future__ import annotations

from dataclasses import dataclass

from knowledge.lexicon import phrase
from knowledge.schema import Issuing, UnitDirectory, UnitKind

FIELDS = ("issuer", "superior", "place", "code", "council")


@dataclass(frozen=True)
class IssuingDefaults:
    """Every value resolved to text ('' when the directory has none); `signers` as lists of lines."""

    issuer: str
    superior: str
    place: str
    code: str
    council: str
    signers: tuple[tuple[str, ...], ...]


def _kind_of(units: UnitDirectory, name: str) -> tuple[UnitKind | None, Issuing]:
    listed = next((u for u in units.units if phrase(u.name) == phrase(name)), None)
    if listed is not None:
        return next(k for k in units.kinds if k.id == listed.kind), listed.issuing
    folded = phrase(name)
    for kind in units.kinds:
        if any(folded.startswith(phrase(p) + " ") for p in kind.prefixes):
            return kind, Issuing()
    return None, Issuing()


def _words(name: str, kind: UnitKind | None) -> dict[str, str]:
    """'Quận An Phú' -> name, lname 'quận An Phú', short 'An Phú', kind 'quận'."""
    label = kind.label if kind else ""
    head = name[:len(label)]
    if kind and phrase(head) == phrase(label) and name[len(label):len(label) + 1] == " ":
        return {"name": name, "lname": label + name[len(label):], "short": name[len(label) + 1:], "kind": label}
    return {"name": name, "lname": name, "short": name, "kind": label}


def issuing_defaults(units: UnitDirectory, name: str) -> IssuingDefaults:
    """The profile a unit starts with: its own entry over its kind's, over the general defaults."""
    kind, own = _kind_of(units, name)
    inherited = kind.issuing if kind else Issuing()
    values = {f: getattr(own, f) if getattr(own, f) is not None else getattr(inherited, f) for f in FIELDS}
    words = {**_words(name, kind), "city": units.city}
    issuer = (values["issuer"] or "{name}").format(**words)
    words["issuer"] = issuer
    signers = own.signers if own.signers is not None else inherited.signers or []
    return IssuingDefaults(
        issuer=issuer, superior=(values["superior"] or "").format(**words),
        place=(values["place"] or "{city}").format(**words), code=(values["code"] or "").format(**words),
        council=(values["council"] or "Hội đồng Thi đua - Khen thưởng {issuer}").format(**words),
        signers=tuple(tuple(line.strip() for line in s.split(" / ")) for s in signers))
