"""The unit's profile (/donvi): how its papers are headed and signed, asked once per unit before its first submission.

Values start from the unit directory's defaults (`knowledge.issuing`); what an officer types or confirms is kept on
the unit, for every officer of it. Documents read it through `profile_of`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace

from documents.model import UnitProfile
from knowledge.answer import Answerer
from knowledge.issuing import issuing_defaults
from knowledge.lexicon import phrase
from knowledge.normalize import has_diacritics
from knowledge.schema import UnitDirectory
from storage.models import Unit

from handlers.asking import Asking
from handlers.choices import pick
from handlers.events import Choice, Reply
from handlers.nomination.form import SKIP, Form, FormField, skips
from handlers.nomination.parsers import Invalid, text_parser
from handlers.texts import Texts
from handlers.turn import Turn

MODE = "unit_profile"
Resume = Callable[[Turn, str], list[Reply]]  # what a confirmed profile goes on to: a payload, e.g. the submission


def defaults(units: UnitDirectory, unit: Unit) -> dict[str, str]:
    """The profile the directory proposes for the unit: its official name, superior body, place, council…"""
    found = issuing_defaults(units, unit.name)
    proposed = {"issuer": found.issuer, "superior": found.superior, "code": found.code, "place": found.place,
                "council": found.council}
    return {k: v for k, v in proposed.items() if v}


def values(units: UnitDirectory, unit: Unit) -> dict[str, str]:
    """What the unit's papers use: the directory's defaults under what its officers gave."""
    kept = {k: v for k, v in (unit.profile or {}).items() if k in _KEYS}
    return {**defaults(units, unit), **kept}


def profile_of(units: UnitDirectory, unit: Unit) -> UnitProfile:
    """The profile as the documents read it; a signer's lines split at '/'."""
    given = values(units, unit)
    title = "\n".join(line.strip() for line in given.get("signer_title", "").split("/") if line.strip())
    return UnitProfile(**{**{k: v or None for k, v in given.items()}, "signer_title": title or None})


_KEYS = frozenset(f.name for f in fields(UnitProfile))


class UnitProfiles:
    def __init__(self, form: Form, answerer: Answerer, asking: Asking, texts: Texts, resume: Resume) -> None:
        self.fields = form.unit_profile
        self.form, self.answerer, self.asking, self.texts, self.resume = form, answerer, asking, texts, resume
        self.units = answerer.units
        assert {f.key for f in self.fields} <= _KEYS, "form.yaml unit_profile keys must be UnitProfile fields"

    # -- entry points ------------------------------------------------------------------------------------------
    def show(self, turn: Turn) -> list[Reply]:
        """/donvi: the unit's profile as its papers will print it, each line changeable (the unit whose first
        submission waits on it, if one does)."""
        if "profile_then" not in turn.state:
            turn.state.pop("profile_unit", None)
        unit = self._unit(turn)
        if unit is None:
            return [Reply(self.texts.render("unit_profile/no_unit.j2"))]
        turn.state["mode"] = MODE
        turn.state.pop("profile_key", None)
        return [self._summary(unit)]

    def complete(self, unit: Unit) -> bool:
        return bool((unit.profile or {}).get("confirmed")) and self._missing(unit) is None

    def first(self, turn: Turn, unit: Unit, then: str, intro: str) -> list[Reply]:
        """The unit's profile settled before its first papers (a submission, a lead agency's dossier); then `then`
        (a payload) goes on."""
        turn.state.update(mode=MODE, profile_then=then, profile_unit=unit.id)
        return self._next(turn, unit, self.texts.render(intro, unit=unit.name))

    def _unit(self, turn: Turn) -> Unit | None:
        """The unit whose profile this is: the one whose papers wait on it, else the officer's."""
        return turn.uow.units.get(turn.state.get("profile_unit") or turn.user.unit_id)

    def on_input(self, turn: Turn) -> list[Reply]:
        unit = self._unit(turn)
        key = turn.state.get("profile_key")
        chosen = pick(turn.event.text, turn.offered)
        if chosen is not None:
            return self.on_payload(turn, chosen.payload)
        if unit is None or key is None:
            turn.state.pop("mode", None)
            return self.show(turn) if unit else [Reply(self.texts.render("unit_profile/no_unit.j2"))]
        field = self._field(key)
        text = turn.event.text
        if text.strip() and not turn.event.attachment and self.asking.reads_as_question(text):
            answer = self.answerer.answer(text, turn.today)  # a question, not the unit's name: nothing is kept
            return [Reply(answer.text), self._ask(turn, unit, field, self.texts.render("nomination/not_saved.j2"))]
        try:
            value = self._read(turn, unit, field)
        except Invalid as invalid:
            return [self._ask(turn, unit, field, self.texts.render("nomination/invalid.j2", reason=invalid.reason,
                                                                    **invalid.params))]
        self._set(turn, unit, key, value)
        return self._next(turn, unit)

    def on_payload(self, turn: Turn, payload: str) -> list[Reply]:
        """'u:edit:<key>', 'u:set:<key>:<n>' (a proposed value), 'u:skip:<key>', 'u:confirm'."""
        _, action, *rest = payload.split(":", 3) + [""]
        unit = self._unit(turn)
        if unit is None:
            return [Reply(self.texts.render("unit_profile/no_unit.j2"))]
        key = rest[0]
        if action in ("edit", "set", "skip") and key not in {f.key for f in self.fields}:
            return self._next(turn, unit)
        turn.state["mode"] = MODE
        if action == "edit":
            return [self._ask(turn, unit, self._field(key))]
        if action == "set":
            proposals = self._proposals(unit, self._field(key))
            if not rest[1].isdigit() or int(rest[1]) >= len(proposals):
                return [self._ask(turn, unit, self._field(key))]
            self._set(turn, unit, key, proposals[int(rest[1])])
            return self._next(turn, unit)
        if action == "skip" and self._field(key).optional:
            self._set(turn, unit, key, "")
            return self._next(turn, unit)
        if action == "confirm":
            return self._confirm(turn, unit)
        return self._next(turn, unit)

    # -- steps -------------------------------------------------------------------------------------------------
    def _field(self, key: str) -> FormField:
        return next(f for f in self.fields if f.key == key)

    def _missing(self, unit: Unit) -> FormField | None:
        """The first field the papers need and nobody gave (an optional one is only asked when chosen)."""
        given = values(self.units, unit)
        return next((f for f in self.fields if not f.optional and not given.get(f.key)), None)

    def _next(self, turn: Turn, unit: Unit, before: str = "") -> list[Reply]:
        missing = self._missing(unit)
        if missing is not None:
            return [self._ask(turn, unit, missing, before)]
        turn.state.pop("profile_key", None)
        return [self._summary(unit, before)]

    def _ask(self, turn: Turn, unit: Unit, field: FormField, before: str = "") -> Reply:
        turn.state["profile_key"] = field.key
        current = values(self.units, unit).get(field.key, "")
        text = self.texts.render("unit_profile/ask.j2", before=before, prompt=field.prompt, current=current)
        choices = [Choice(p, f"u:set:{field.key}:{i}") for i, p in enumerate(self._proposals(unit, field))]
        if field.optional:
            choices.append(Choice(SKIP, f"u:skip:{field.key}"))
        return Reply(text, tuple(choices))

    def _proposals(self, unit: Unit, field: FormField) -> list[str]:
        """Values offered as buttons: the directory's signature blocks for the signer, else the current value."""
        if field.kind == "signer_title":
            return [" / ".join(lines) for lines in issuing_defaults(self.units, unit.name).signers]
        return []

    def _read(self, turn: Turn, unit: Unit, field: FormField) -> str:
        event = turn.event
        if event.attachment or not event.text.strip():
            raise Invalid("expects_text")
        if field.optional and skips(self.form, event.text):
            return ""
        kind = "short_text" if field.kind == "signer_title" else field.kind
        parse = text_parser(self.form, kind, turn.today, turn.today)
        assert parse is not None
        value = str(parse(event.text))
        return self._signer(unit, field, value) if field.kind == "signer_title" else value

    def _signer(self, unit: Unit, field: FormField, typed: str) -> str:
        """A typed signature block: the one offered it names ('kt chu tich' is 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
        PHÓ CHỦ TỊCH'), else as typed, in capitals; typed without diacritics and naming none, it is asked again (it
        would be printed so)."""
        said = f" {phrase(typed)} "
        offered = self._proposals(unit, field)
        named = [p for p in offered if said in f" {phrase(p)} "]
        exact = [p for p in named if f" {phrase(p)} " == said]
        if len(exact or named) == 1:
            return (exact or named)[0]
        if not has_diacritics(typed):
            raise Invalid("signer_accents")
        return typed.upper()

    def _set(self, turn: Turn, unit: Unit, key: str, value: str) -> None:
        """One answer into the profile as committed now: another officer of the unit may have just given another."""
        turn.uow.units.lock(unit.id)  # refreshes `unit` in place
        unit.profile = {**(unit.profile or {}), key: value}
        turn.uow.session.add(unit)

    def _confirm(self, turn: Turn, unit: Unit) -> list[Reply]:
        turn.uow.units.lock(unit.id)  # refreshes `unit` in place
        missing = self._missing(unit)
        if missing is not None:
            return [self._ask(turn, unit, missing)]
        unit.profile = {**values(self.units, unit), "confirmed": True}
        turn.uow.session.add(unit)
        for key in ("mode", "profile_key", "profile_unit"):
            turn.state.pop(key, None)
        then = turn.state.pop("profile_then", None)
        done = self.texts.render("unit_profile/confirmed.j2")
        if not then:
            return [Reply(done)]
        first, *rest = self.resume(turn, then)
        return [replace(first, text=f"{done}\n\n{first.text}"), *rest]

    def _summary(self, unit: Unit, before: str = "") -> Reply:
        given = values(self.units, unit)
        rows = [(f.label, given.get(f.key, "")) for f in self.fields]
        text = self.texts.render("unit_profile/summary.j2", before=before, unit=unit.name, rows=rows)
        choices = [Choice("Xác nhận", "u:confirm"), *(Choice(f"Sửa: {f.label}", f"u:edit:{f.key}")
                                                        for f in self.fields)]
        return Reply(text, tuple(choices))

