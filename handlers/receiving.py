"""Who receives dossiers for which body: an admin invites a user with a one-time code (`/moi <cơ quan>`), the user
redeems it (`/nhanhoso <mã>`), and an admin lists and revokes receivers (`/nguoinhan`). The `RECEIVERS` setting
stays a default: the chats it lists receive for their bodies too."""
from __future__ import annotations

import logging
from collections.abc import Callable

from knowledge.normalize import fold
from knowledge.schema import Plan
from storage.models import utcnow

from handlers.events import Address, Choice, Reply
from handlers.membership import INVITATION_DAYS, invitation_expiry, one_time_code, typed_code
from handlers.nomination.destination import receiving_bodies
from handlers.payloads import ReviewAction
from handlers.texts import Texts
from handlers.turn import Turn

log = logging.getLogger(__name__)
REVOKE = "revoke"
ReceivedBy = Callable[[Address], list[str]]  # the bodies a chat is registered to receive for (settings)


class Receiving:
    def __init__(self, plan: Plan, texts: Texts, is_admin: Callable[[str, str], bool],
                 received_by: ReceivedBy) -> None:
        self.plan, self.texts, self.is_admin, self.received_by = plan, texts, is_admin, received_by
        self.bodies = receiving_bodies(plan)

    def admin(self, turn: Turn) -> bool:
        return self.is_admin(turn.event.platform, turn.event.user_id)

    def bodies_of(self, turn: Turn) -> list[str]:
        """The plan's bodies this user receives for: invited, or listed in the `RECEIVERS` setting."""
        invited = turn.uow.receivers.bodies_of(turn.user.id)  # type: ignore[arg-type]
        listed = self.received_by(Address(turn.event.platform, turn.event.chat_id))
        return [b for b in self.bodies if b in invited or b in listed]

    def invite(self, turn: Turn, name: str) -> list[Reply]:
        if not self.admin(turn):
            return [self._reply("receiving/admins_only.j2")]
        body = self._body(name)
        if body is None:
            return [self._reply("receiving/body_unknown.j2", name=name.strip()[:100], bodies=self.bodies)]
        code = one_time_code()
        turn.uow.receivers.invite(code, body, turn.user.id, invitation_expiry())  # type: ignore[arg-type]
        return [self._reply("receiving/invited.j2", code=code, body=body, days=INVITATION_DAYS)]

    def redeem(self, turn: Turn, code: str) -> list[Reply]:
        receiver = turn.uow.receivers.redeem(typed_code(code), turn.user.id, utcnow())  # type: ignore[arg-type]
        if receiver is None:
            return [self._reply("membership/code_refused.j2")]
        return [self._reply("receiving/joined.j2", body=receiver.body)]

    def list(self, turn: Turn) -> list[Reply]:
        if not self.admin(turn):
            return [self._reply("receiving/admins_only.j2")]
        receivers = turn.uow.receivers.of_bodies(self.bodies)
        choices = tuple(Choice(f"Thu hồi {i}", ReviewAction(REVOKE, r.id).pack())  # type: ignore[arg-type]
                        for i, r in enumerate(receivers, 1))
        return [Reply(self.texts.render("receiving/list.j2", receivers=receivers), choices)]

    def revoke(self, turn: Turn, receiver_id: int) -> list[Reply]:
        if not self.admin(turn):
            log.warning("user %s refused revoking receiver %s: not an admin", turn.user.id, receiver_id)
            return [self._reply("receiving/admins_only.j2")]
        receiver = turn.uow.receivers.revoke(receiver_id, self.bodies)
        if receiver is None:
            return [self._reply("receiving/revoke_stale.j2")]
        return [self._reply("receiving/revoked.j2", body=receiver.body)]

    def _body(self, name: str) -> str | None:
        wanted = fold(name)
        return next((b for b in self.bodies if fold(b) == wanted), None) if wanted else None

    def _reply(self, template: str, **ctx: object) -> Reply:
        return Reply(self.texts.render(template, **ctx))
