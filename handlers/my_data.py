"""A user's own data: the list of their drafts and submissions, and erasing what they may erase (Decree 13)."""
from __future__ import annotations

from storage.models import Status

from handlers.events import Choice, Reply
from handlers.nomination.dossier import unit_documents
from handlers.nomination.wizard import Wizard
from handlers.standing import WORDS, Standing, standing
from handlers.texts import Texts
from handlers.turn import Turn



class MyData:
    def __init__(self, wizard: Wizard, texts: Texts) -> None:
        self.wizard, self.texts = wizard, texts

    def list(self, turn: Turn) -> list[Reply]:
        plan = self.wizard.plan
        rows = [(n, standing(n.status, n.review), self.wizard.nominee(n), plan.award_kind(n.award_kind))
                for n in turn.uow.nominations.of_user(turn.user.id)]  # type: ignore[arg-type]
        choices = []
        if any(row[0].status == Status.DRAFT for row in rows):
            choices.append(Choice("Tiếp tục hồ sơ nháp", "menu:tieptuc"))
        if any(row[0].status == Status.SUBMITTED for row in rows):
            choices.append(Choice("Tải bộ hồ sơ của đơn vị", "docs:unit"))
        text = self.texts.render("my_nominations.j2", rows=rows, words=WORDS, returned=Standing.RETURNED)
        return [Reply(text, tuple(choices))]

    def documents(self, turn: Turn) -> list[Reply]:
        """What the requester may see, decided now (whatever button was pressed): a member, the unit's dossier; anyone
        else, documents of their own submissions only. Reports are only of their own nominations."""
        user_id = turn.user.id
        assert user_id is not None
        membership = turn.uow.members.of(user_id)
        own_units = {n.unit_id for n in turn.uow.nominations.of_user(user_id) if n.status == Status.SUBMITTED}
        unit_ids = {membership.unit_id} | own_units if membership else own_units
        replies = []
        for unit in filter(None, (turn.uow.units.get(u) for u in sorted(i for i in unit_ids if i is not None))):
            member = membership is not None and membership.unit_id == unit.id
            files = unit_documents(turn.uow, self.wizard.plan, self.wizard.answerer.units, unit, user_id, member,
                                   pdf=self.wizard.pdf, archive=True)
            if files:
                replies += [Reply(self.texts.render("documents_sent.j2", unit=unit.name, member=member)),
                            Reply(self.texts.render("documents_failed.j2"), later=files)]
        return replies or [Reply(self.texts.render("no_documents.j2"))]

    def confirm_erase(self, turn: Turn) -> list[Reply]:
        choices = (Choice("Có, xóa", "erase:yes"), Choice("Không", "erase:no"))
        return [Reply(self.texts.render("erase_confirm.j2"), choices)]

    def erase(self, turn: Turn, answer: str) -> list[Reply]:
        if answer != "yes":
            return [Reply(self.texts.render("erase_kept.j2"))]
        user_id, event = turn.user.id, turn.event
        assert user_id is not None
        turn.uow.scope(None, None)  # the user's data under every plan goes, not only this plan's
        drafts = turn.uow.nominations.delete_unsubmitted(user_id)
        subscriptions = turn.uow.ledger.forget(user_id, event.platform, sorted({event.chat_id, event.user_id}))
        files = turn.uow.linked_files.forget(event.platform, [event.chat_id, turn.user.platform_user_id])
        kept = len(turn.uow.nominations.of_user(user_id))
        turn.uow.users.forget_profile(turn.user)
        turn.uow.members.leave(user_id)
        turn.uow.receivers.leave(user_id)
        turn.uow.erasing()
        turn.state.clear()
        return [Reply(self.texts.render("erased.j2", drafts=drafts, subscriptions=subscriptions, files=files,
                                        kept=kept))]
