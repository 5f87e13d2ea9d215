"""A receiver's inbox (`/hosonhan`): what reached its bodies, by unit, a page at a time; a nomination opened shows
its details with "Tiếp nhận" and "Trả lại". Returning asks for the reason (the next typed message; /huy cancels),
reopens the nomination as its officer's draft and tells the officer at once. A receiver acts only on its bodies'
nominations; an admin on every body's."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from knowledge.schema import Plan
from storage.models import Nomination, Review, Status, utcnow

from handlers.events import Address, Choice, Reply
from handlers.nomination import rules
from handlers.nomination.wizard import Wizard
from handlers.payloads import ReviewAction
from handlers.receiving import Receiving
from handlers.standing import WORDS, standing
from handlers.texts import Texts
from handlers.turn import Turn

log = logging.getLogger(__name__)
PAGE_SIZE = 8
MODE = "returning"  # the chat's mode while the reason of a return is awaited
PAGE, OPEN, ACCEPT, RETURN = "page", "open", "accept", "return"


class Inbox:
    def __init__(self, plan: Plan, wizard: Wizard, receiving: Receiving, texts: Texts,
                 compiling: Callable[[Turn], list[Choice]]) -> None:
        """`compiling`: the buttons that compile the user's own bodies' dossiers onwards."""
        self.plan, self.wizard, self.receiving, self.texts, self.compiling = plan, wizard, receiving, texts, compiling

    def bodies(self, turn: Turn) -> list[str]:
        return self.receiving.bodies if self.receiving.admin(turn) else self.receiving.bodies_of(turn)

    def show(self, turn: Turn, page: int = 0) -> list[Reply]:
        bodies = self.bodies(turn)
        if not bodies:
            return [self._reply("inbox/not_a_receiver.j2")]
        received = turn.uow.nominations.received(bodies)
        pages = max(1, -(-len(received) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        rows = [self._row(turn, n) for n in received[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]]
        choices = [Choice(f"Xem {row['n'].id}", ReviewAction(OPEN, row["n"].id).pack()) for row in rows]
        if page > 0:
            choices.append(Choice("Trang trước", ReviewAction(PAGE, page - 1).pack()))
        if page + 1 < pages:
            choices.append(Choice("Trang sau", ReviewAction(PAGE, page + 1).pack()))
        choices += self.compiling(turn)
        text = self.texts.render("inbox/list.j2", bodies=bodies, rows=rows, page=page + 1, pages=pages)
        return [Reply(text, tuple(choices))]

    def on_action(self, turn: Turn, action: ReviewAction) -> list[Reply]:
        if action.action == PAGE:
            return self.show(turn, action.target)
        nomination = self._allowed(turn, action)
        if nomination is None:
            return [self._reply("inbox/refused.j2")]
        if action.action == ACCEPT:
            return self._accept(turn, nomination)
        if action.action == RETURN:
            return self._ask_reason(turn, nomination)
        return [self._details(turn, nomination)]

    def on_reason(self, turn: Turn) -> list[Reply]:
        """The typed reason of a return awaited: the nomination goes back to its officer with it."""
        reason = turn.event.text.strip()[:1000]
        if not reason:
            return [self._reply("inbox/reason.j2")]
        turn.state.pop("mode", None)
        nomination = self._allowed(turn, ReviewAction(RETURN, int(turn.state.pop("returning", 0))))
        if nomination is None or not turn.uow.nominations.give_back(nomination, reason, utcnow()):
            return [self._reply("inbox/stale.j2")]
        officer = turn.uow.users.get(nomination.user_id)
        notice = self.texts.render("inbox/returned_notice.j2", n=nomination, name=self.wizard.nominee(nomination),
                                   reason=reason)
        notices = [Reply(notice, to=Address(officer.platform, officer.platform_user_id))] if officer else []
        return [self._reply("inbox/returned.j2", n=nomination), *notices]

    def _allowed(self, turn: Turn, action: ReviewAction) -> Nomination | None:
        """The nomination, if it reached one of the user's bodies; a refusal is logged with ids only."""
        nomination = turn.uow.nominations.get(action.target)
        if nomination is not None and nomination.body in self.bodies(turn):
            return nomination
        log.warning("user %s refused %s on nomination %s: not of their bodies", turn.user.id, action.action,
                    action.target)
        return None

    def _accept(self, turn: Turn, nomination: Nomination) -> list[Reply]:
        if not turn.uow.nominations.accept(nomination, utcnow()):
            return [self._reply("inbox/stale.j2")]
        return [self._reply("inbox/accepted.j2", n=nomination)]

    def _ask_reason(self, turn: Turn, nomination: Nomination) -> list[Reply]:
        if nomination.status != Status.SUBMITTED or nomination.review == Review.ACCEPTED:
            return [self._reply("inbox/stale.j2")]
        turn.state.update(mode=MODE, returning=nomination.id)
        return [self._reply("inbox/reason.j2", n=nomination)]

    def _details(self, turn: Turn, nomination: Nomination) -> Reply:
        row = self._row(turn, nomination)
        answers = nomination.answers
        movement = next((m.title for m in self.plan.movements if m.id == answers.get("movement")),
                        self.plan.general_movement.label)
        text = self.texts.render("inbox/details.j2", **row, movement=movement,
                                 achievement=str(answers.get("summary") or answers.get("results") or "")[:600])
        actions: Sequence[Choice] = ()
        if nomination.status == Status.SUBMITTED and nomination.review != Review.ACCEPTED:
            actions = (Choice("Tiếp nhận", ReviewAction(ACCEPT, nomination.id).pack()),  # type: ignore[arg-type]
                       Choice("Trả lại", ReviewAction(RETURN, nomination.id).pack()))  # type: ignore[arg-type]
        return Reply(text, tuple(actions))

    def _row(self, turn: Turn, nomination: Nomination) -> dict[str, object]:
        unit = turn.uow.units.get(nomination.unit_id)
        award = self.plan.award_kind(nomination.award_kind) if nomination.award_kind else None
        deadline = rules.deadline(self.plan, nomination.award_kind) if nomination.award_kind else None
        return {"n": nomination, "unit": unit.name if unit else "", "name": self.wizard.nominee(nomination),
                "award": award.name if award else "", "standing": WORDS[standing(nomination.status, nomination.review)],
                "days_left": (deadline.last_day - turn.today).days if deadline else None}

    def _reply(self, template: str, **ctx: object) -> Reply:
        return Reply(self.texts.render(template, **ctx))
