"""/hosotonghop: a receiving body's officer gets what the units sent it, as its own dossier to the Chairman
(plan III.5.2.b: the lead agency's Tờ trình, its council's Biên bản, the Danh sách by proposing unit, the reports)."""
from __future__ import annotations

from collections.abc import Callable

from documents import DocumentsError, gathered
from documents.batches import forms_of
from documents.files import with_pdfs, zipped
from documents.text import slug
from knowledge.schema import Plan, UnitDirectory

from handlers.events import Address, Document, Reply
from handlers.nomination.dossier import CAPTION, all_dossiers
from handlers.texts import Texts
from handlers.turn import Turn

LEAD_STAGE = "lead_to_chairman"  # the dossier stage of a lead agency's own submission (schema.DossierStage)
ReceivedBy = Callable[[Address], list[str]]  # the bodies a chat is registered to receive for (settings)


class Gathered:
    def __init__(self, plan: Plan, units: UnitDirectory, texts: Texts, received_by: ReceivedBy, pdf: bool) -> None:
        self.plan, self.units, self.texts, self.received_by, self.pdf = plan, units, texts, received_by, pdf

    def send(self, turn: Turn) -> list[Reply]:
        bodies = self.received_by(Address(turn.event.platform, turn.event.chat_id))
        if not bodies:
            return [Reply(self.texts.render("gathered/not_receiver.j2"))]
        replies = []
        for body in bodies:
            receiver, proposers = all_dossiers(turn.uow, self.plan, self.units, body)
            try:
                files = gathered(self.plan, receiver, proposers)
            except DocumentsError:
                replies.append(Reply(self.texts.render("gathered/none.j2", body=body)))
                continue
            to = forms_of(self.plan).submission(LEAD_STAGE)
            replies += [Reply(self.texts.render("gathered/sent.j2", body=body, to=to)),
                        Reply(self.texts.render("documents_failed.j2"), later=self._archive(body, files))]
        return replies

    def _archive(self, body: str, files: dict[str, bytes]) -> Callable[[], list[Document]]:
        return lambda: [Document(f"ho-so-tong-hop-{slug(body)}.zip", zipped(with_pdfs(files) if self.pdf else files),
                                 CAPTION)]
