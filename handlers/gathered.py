"""/hosotonghop: a receiving body's officer gets what the units sent it, as its own dossier onwards (the lead
agency's Tờ trình, its council's Biên bản, the Danh sách by proposing unit, the reports)."""
from __future__ import annotations

from collections.abc import Callable

from documents import DocumentsError, gathered
from documents.files import with_pdfs, zipped
from documents.text import slug
from knowledge.answer import Answerer
from storage.models import Unit

from handlers.events import Address, Document, Reply
from handlers.nomination.dossier import CAPTION, all_dossiers
from handlers.texts import Texts
from handlers.turn import Turn
from handlers.unit_profile import UnitProfiles

LEAD_STAGE = "lead_to_chairman"  # the dossier stage of a lead agency's own submission (schema.DossierStage)
ReceivedBy = Callable[[Address], list[str]]  # the bodies a chat is registered to receive for (settings)


class Gathered:
    def __init__(self, answerer: Answerer, profiles: UnitProfiles, texts: Texts, received_by: ReceivedBy,
                 pdf: bool) -> None:
        self.answerer, self.plan, self.units = answerer, answerer.plan, answerer.units
        self.profiles, self.texts, self.received_by, self.pdf = profiles, texts, received_by, pdf

    def send(self, turn: Turn) -> list[Reply]:
        bodies = self.received_by(Address(turn.event.platform, turn.event.chat_id))
        if not bodies:
            return [Reply(self.texts.render("gathered/not_receiver.j2"))]
        units = [self._unit(turn, body) for body in bodies]
        unsettled = next((u for u in units if not self.profiles.complete(u)), None)
        if unsettled is not None:  # its own Tờ trình is headed and signed as its profile says: settled once, first
            return self.profiles.first(turn, unsettled, "gathered:send", "gathered/profile_first.j2")
        replies = []
        for unit in units:
            receiver, proposers = all_dossiers(turn.uow, self.plan, self.units, unit.name)
            try:
                files = gathered(self.plan, receiver, proposers)
            except DocumentsError:
                replies.append(Reply(self.texts.render("gathered/none.j2", body=unit.name)))
                continue
            to = self.plan.forms.submission(LEAD_STAGE)
            replies += [Reply(self.texts.render("gathered/sent.j2", body=unit.name, to=to)),
                        Reply(self.texts.render("documents_failed.j2"), later=self._archive(unit.name, files))]
        return replies

    def _unit(self, turn: Turn, body: str) -> Unit:
        """The receiving body as a unit of the database, its profile kept there like any unit's."""
        match = self.answerer.resolve_unit(body)
        name = match.name if match and match.name else body
        return turn.uow.units.get_or_create(name, match.unit_class.id if match else "", listed=bool(match))

    def _archive(self, body: str, files: dict[str, bytes]) -> Callable[[], list[Document]]:
        return lambda: [Document(f"ho-so-tong-hop-{slug(body)}.zip", zipped(with_pdfs(files) if self.pdf else files),
                                 CAPTION)]
