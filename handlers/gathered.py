"""A lead agency's own dossier (the plan's lead_to_chairman stage): what its receivers accepted from the units,
compiled as its Tờ trình onwards, its council's Biên bản, one Danh sách grouped by proposing unit, and the units'
reports. `/hosotonghop` or the inbox's button, for the bodies the user receives for; an admin names any lead body
(`/hosotonghop <cơ quan>`) or picks it from the list. Anyone else is refused."""
from __future__ import annotations

import logging
from collections.abc import Callable

from documents import DocumentsError, gathered
from documents.files import with_pdfs, zipped
from documents.render import FILE_STEM
from documents.text import slug
from knowledge.answer import Answerer
from knowledge.normalize import fold
from storage.models import Unit

from handlers.events import Choice, Document, Reply
from handlers.nomination.destination import lead_bodies
from handlers.nomination.dossier import CAPTION, accepted_dossiers
from handlers.payloads import ReviewAction
from handlers.receiving import Receiving
from handlers.texts import Texts
from handlers.turn import Turn
from handlers.unit_profile import UnitProfiles

log = logging.getLogger(__name__)
LEAD_STAGE = "lead_to_chairman"  # the dossier stage of a lead agency's own submission (schema.DossierStage)
COMPILE = "compile"  # the review payload's action: compile the dossier of the lead body at this index


def lead_named(answerer: Answerer, name: str) -> str | None:
    """The plan's lead body a typed name means: the body's own name ('so xay dung'), or a unit it is
    ('Sở Nội vụ' for 'Sở Nội vụ (Ban Thi đua - Khen thưởng Thành phố)')."""
    bodies = lead_bodies(answerer.plan)
    wanted = fold(name)
    if not wanted:
        return None
    same = next((b for b in bodies if fold(b) == wanted), None)
    match = answerer.resolve_unit(name)
    if same is not None or match is None:
        return same
    return next((b for b in bodies if (m := answerer.resolve_unit(b)) is not None and m.name == match.name), None)


def unit_of(answerer: Answerer, body: str) -> str:
    """The body as a unit of the directory (its profile heads the papers), else its own name."""
    match = answerer.resolve_unit(body)
    return match.name if match and match.name else body


class Gathered:
    def __init__(self, answerer: Answerer, profiles: UnitProfiles, texts: Texts, receiving: Receiving,
                 pdf: bool) -> None:
        self.answerer, self.plan, self.units = answerer, answerer.plan, answerer.units
        self.profiles, self.texts, self.receiving, self.pdf = profiles, texts, receiving, pdf
        self.leads = lead_bodies(self.plan)

    def mine(self, turn: Turn) -> list[str]:
        """The lead bodies this user receives for (invited, or listed in `RECEIVERS`)."""
        own = self.receiving.bodies_of(turn)
        return [b for b in self.leads if b in own]

    def buttons(self, turn: Turn) -> list[Choice]:
        """The inbox's "Lập hồ sơ tổng hợp", one per lead body of the user's."""
        bodies = self.mine(turn)
        return [Choice("Lập hồ sơ tổng hợp" + (f": {b}" if len(bodies) > 1 else ""), self.payload(b)) for b in bodies]

    def payload(self, body: str) -> str:
        return ReviewAction(COMPILE, self.leads.index(body)).pack()

    def send(self, turn: Turn, name: str = "") -> list[Reply]:
        """/hosotonghop [cơ quan]: the named lead body's dossier, or every lead body of the user's; an admin who
        receives for none names one or picks it."""
        if name.strip():
            body = lead_named(self.answerer, name)
            if body is None:
                return [self._reply("gathered/body_unknown.j2", name=name.strip()[:100], bodies=self.leads)]
            return self.on_compile(turn, self.leads.index(body))
        bodies = self.mine(turn)
        if not bodies and self.receiving.admin(turn):
            return [Reply(self.texts.render("gathered/choose.j2"),
                          tuple(Choice(b, self.payload(b)) for b in self.leads))]
        if not bodies:
            return [self._reply("gathered/not_receiver.j2")]
        return self._compile(turn, bodies, "gathered:send")

    def on_compile(self, turn: Turn, index: int) -> list[Reply]:
        """One body's dossier, if the user receives for it or is an admin; refused otherwise (a forged button too),
        logged with ids only."""
        body = self.leads[index] if 0 <= index < len(self.leads) else None
        if body is not None and (body in self.mine(turn) or self.receiving.admin(turn)):
            return self._compile(turn, [body], self.payload(body))
        log.warning("user %s refused compiling lead body %s: not of their bodies", turn.user.id, index)
        return [self._reply("gathered/refused.j2" if self.mine(turn) else "gathered/not_receiver.j2")]

    def _compile(self, turn: Turn, bodies: list[str], then: str) -> list[Reply]:
        units = [self._unit(turn, body) for body in bodies]
        unsettled = next((u for u in units if not self.profiles.complete(u)), None)
        if unsettled is not None:  # its own Tờ trình is headed and signed as its profile says: settled once, first
            return self.profiles.first(turn, unsettled, then, "gathered/profile_first.j2")
        replies = []
        for body, unit in zip(bodies, units):
            receiver, proposers = accepted_dossiers(turn.uow, self.plan, self.units, body, unit.name)
            try:
                files = gathered(self.plan, receiver, proposers)
            except DocumentsError:
                replies.append(self._reply("gathered/none.j2", body=body))
                continue
            to = self.plan.forms.submission(LEAD_STAGE)
            nominees = sum(len(p.nominations) for p in proposers)
            replies += [self._reply("gathered/sent.j2", body=body, to=to, units=len(proposers), nominees=nominees),
                        Reply(self.texts.render("gathered/failed.j2"), later=self._documents(body, files))]
        return replies

    def _unit(self, turn: Turn, body: str) -> Unit:
        """The receiving body as a unit of the database, its profile kept there like any unit's."""
        match = self.answerer.resolve_unit(body)
        name = match.name if match and match.name else body
        return turn.uow.units.get_or_create(name, match.unit_class.id if match else "", listed=bool(match))

    def _documents(self, body: str, files: dict[str, bytes]) -> Callable[[], list[Document]]:
        """The body's own papers one by one (DOCX, and a PDF beside each when allowed), the units' reports in one
        ZIP: a lead agency may gather dozens."""
        def make() -> list[Document]:
            made = with_pdfs(files) if self.pdf else files
            report = f"-{FILE_STEM['bao_cao']}-"
            papers = [Document(f"{slug(body)}-{name}", data, CAPTION) for name, data in made.items()
                      if report not in name]
            reports = {name: data for name, data in made.items() if report in name}
            archive = [Document(f"bao-cao-thanh-tich-{slug(body)}.zip", zipped(reports), CAPTION)] if reports else []
            return papers + archive
        return make

    def _reply(self, template: str, **ctx: object) -> Reply:
        return Reply(self.texts.render(template, **ctx))
