"""Repositories: the only place that builds queries. Handlers ask them for objects and give objects back."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, func, tuple_, update
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.models import (Attachment, ConversationState, HandledUpdate, Invitation, LinkedFile, Membership,
                            Nomination, Receiver, Review, Status, SubmissionAudit, Unit, User, utcnow)


class Users:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_or_create(self, platform: str, platform_user_id: str) -> User:
        """Created once even when two chats of one user race for it (INSERT … ON CONFLICT DO NOTHING)."""
        found = select(User).where(User.platform == platform, User.platform_user_id == platform_user_id)
        user = self.session.exec(found).first()
        if user is None:
            _insert_once(self.session, User, platform=platform, platform_user_id=platform_user_id,
                         created_at=utcnow(), role="officer")
            user = self.session.exec(found).one()
        return user

    def get(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def forget_profile(self, user: User) -> None:
        """Decree 13: the profile goes; the row stays only as the author of submissions kept by the receiver."""
        user.display_name, user.unit_id, user.privacy_noticed_at = None, None, None
        self.session.add(user)


class Units:
    """The units of one city's directory (`directory`); None: of every directory (tools across plans)."""

    def __init__(self, session: Session, directory: str | None = None) -> None:
        self.session, self.directory = session, directory

    def get(self, unit_id: int | None) -> Unit | None:
        """The unit, if it is of this directory: a user's unit of another city is no unit here."""
        unit = self.session.get(Unit, unit_id) if unit_id is not None else None
        return unit if unit is not None and self.directory in (None, unit.directory) else None

    def get_or_create(self, name: str, unit_class: str, listed: bool) -> Unit:
        """Created once even when two officers of a new unit race for it."""
        assert self.directory is not None, "units are created in a plan's directory"
        unit = self.named(name)
        if unit is None:
            _insert_once(self.session, Unit, directory=self.directory, name=name, unit_class=unit_class,
                         listed=listed)
            unit = self.named(name)
            assert unit is not None
        return unit

    def lock(self, unit_id: int) -> Unit | None:
        """Serialise what changes one unit (its submissions, its profile) with a row lock on PostgreSQL (SQLite's
        transactions are already exclusive); the unit as committed by whoever held the lock before."""
        query = select(Unit).where(Unit.id == unit_id).with_for_update().execution_options(populate_existing=True)
        return self.session.exec(query).first()

    def all(self) -> Sequence[Unit]:
        """Every unit of this directory known to the database (those some officer named), by name."""
        query = select(Unit).order_by(col(Unit.name))
        if self.directory is not None:
            query = query.where(Unit.directory == self.directory)
        return self.session.exec(query).all()

    def named(self, name: str) -> Unit | None:
        query = select(Unit).where(Unit.name == name)
        if self.directory is not None:
            query = query.where(Unit.directory == self.directory)
        return self.session.exec(query).first()


class Nominations:
    """The nominations of one plan (`plan_id`); None: of every plan (erasure, exports across plans)."""

    def __init__(self, session: Session, plan_id: str | None = None) -> None:
        self.session, self.plan_id = session, plan_id

    def _where(self, *conditions: Any) -> list[Any]:
        return [*conditions, *([Nomination.plan_id == self.plan_id] if self.plan_id is not None else [])]

    def _mine(self, *conditions: Any) -> Any:
        return select(Nomination).where(*self._where(*conditions))

    def _count(self, *conditions: Any) -> int:
        return self.session.exec(select(func.count()).select_from(Nomination).where(*self._where(*conditions))).one()

    def create(self, user_id: int, unit_id: int | None) -> Nomination:
        assert self.plan_id is not None, "a nomination is made under a plan"
        nomination = Nomination(user_id=user_id, unit_id=unit_id, plan_id=self.plan_id)
        self.session.add(nomination)
        self.session.flush()
        return nomination

    def open_draft(self, user_id: int) -> Nomination | None:
        return self.session.exec(self._mine(Nomination.user_id == user_id, Nomination.status == Status.DRAFT.value)
                                 .order_by(col(Nomination.updated_at).desc())).first()

    def of_user(self, user_id: int) -> Sequence[Nomination]:
        return self.session.exec(self._mine(Nomination.user_id == user_id, Nomination.status != Status.CANCELLED.value)
                                 .order_by(col(Nomination.id))).all()

    def draft_elsewhere(self, user_id: int) -> bool:
        """The user has a draft under another plan than this one."""
        return self.session.exec(select(func.count()).select_from(Nomination).where(
            Nomination.user_id == user_id, Nomination.status == Status.DRAFT.value,
            Nomination.plan_id != self.plan_id)).one() > 0

    def open_counts(self, user_ids: set[int]) -> dict[int, int]:
        """Open drafts per user, for many users in one query (those with none are absent)."""
        if not user_ids:
            return {}
        rows = self.session.exec(select(Nomination.user_id, func.count()).where(
            *self._where(col(Nomination.user_id).in_(user_ids), Nomination.status == Status.DRAFT.value))
            .group_by(col(Nomination.user_id))).all()
        return {user_id: count for user_id, count in rows}

    def save(self, nomination: Nomination, answers: dict[str, Any]) -> None:
        nomination.answers = dict(answers)
        nomination.award_kind = answers.get("award_kind")
        nomination.nominee_kind = answers.get("nominee_kind")
        nomination.updated_at = utcnow()
        flag_modified(nomination, "answers")
        self.session.add(nomination)

    def count_submitted(self, unit_id: int, award_kind: str, nominee_kind: str) -> int:
        return self._count(Nomination.unit_id == unit_id, Nomination.status == Status.SUBMITTED.value,
                           Nomination.award_kind == award_kind, Nomination.nominee_kind == nominee_kind)

    def count_submitted_in_class(self, unit_class: str, award_kind: str, nominee_kind: str) -> int:
        """Submissions of every unit of the class (a limit for the class as a whole)."""
        units = select(Unit.id).where(Unit.unit_class == unit_class)
        return self._count(col(Nomination.unit_id).in_(units), Nomination.status == Status.SUBMITTED.value,
                           Nomination.award_kind == award_kind, Nomination.nominee_kind == nominee_kind)

    def mark_submitted(self, nomination: Nomination, at: dt.datetime, body: str) -> bool:
        """Draft to submitted exactly once, whatever races it (the WHERE is the guard), to the body that receives
        it; a returned one is then resubmitted."""
        resubmitted = case((col(Nomination.review) == Review.RETURNED, Review.RESUBMITTED.value),
                           else_=col(Nomination.review))
        result = self.session.exec(update(Nomination).where(col(Nomination.id) == nomination.id,
                                                            col(Nomination.status) == Status.DRAFT.value)
                                   .values(status=Status.SUBMITTED.value, submitted_at=at, updated_at=at, body=body,
                                           review=resubmitted))
        self.session.refresh(nomination)
        return result.rowcount == 1

    def received(self, bodies: Sequence[str]) -> Sequence[Nomination]:
        """What reached these bodies: submissions, and those returned to their officers; by unit, as submitted."""
        reached = (col(Nomination.status) == Status.SUBMITTED.value) | (col(Nomination.review) == Review.RETURNED.value)
        return self.session.exec(self._mine(col(Nomination.body).in_(bodies), reached)
                                 .order_by(col(Nomination.unit_id), col(Nomination.submitted_at),
                                           col(Nomination.id))).all()

    def accepted(self, body: str) -> Sequence[Nomination]:
        """What the body accepted, still submitted: its own dossier onwards; by unit, as submitted."""
        return self.session.exec(self._mine(Nomination.body == body, Nomination.status == Status.SUBMITTED.value,
                                            Nomination.review == Review.ACCEPTED.value)
                                 .order_by(col(Nomination.unit_id), col(Nomination.submitted_at),
                                           col(Nomination.id))).all()

    def returned(self) -> Sequence[Nomination]:
        """Those returned to their officers and not resubmitted yet, as first submitted."""
        return self.session.exec(self._mine(Nomination.status == Status.DRAFT.value,
                                            Nomination.review == Review.RETURNED.value)
                                 .order_by(col(Nomination.submitted_at), col(Nomination.id))).all()

    def still_returned(self, ids: set[int]) -> dict[int, Nomination]:
        """Those of the nominations still returned to their officers (not resubmitted, not erased), by id."""
        if not ids:
            return {}
        rows = self.session.exec(self._mine(col(Nomination.id).in_(ids), Nomination.status == Status.DRAFT.value,
                                            Nomination.review == Review.RETURNED.value)).all()
        return {n.id: n for n in rows}  # type: ignore[misc]

    def get(self, nomination_id: int) -> Nomination | None:
        """The nomination, if it is of this plan."""
        nomination = self.session.get(Nomination, nomination_id)
        return nomination if nomination is not None and self.plan_id in (None, nomination.plan_id) else None

    def accept(self, nomination: Nomination, at: dt.datetime) -> bool:
        """Accepted once, and only while submitted: it still counts against the quota."""
        return self._review(nomination, at, review=Review.ACCEPTED.value)

    def give_back(self, nomination: Nomination, reason: str, at: dt.datetime) -> bool:
        """Reopened as its officer's draft with the reason, once, while submitted: its quota slot is free again."""
        return self._review(nomination, at, status=Status.DRAFT.value, review=Review.RETURNED.value, review_note=reason)

    def _review(self, nomination: Nomination, at: dt.datetime, **values: Any) -> bool:
        result = self.session.exec(update(Nomination).where(  # type: ignore[call-overload]
            col(Nomination.id) == nomination.id, col(Nomination.status) == Status.SUBMITTED.value,
            col(Nomination.review).is_distinct_from(Review.ACCEPTED.value)).values(updated_at=at, **values))
        self.session.refresh(nomination)
        return result.rowcount == 1

    def cancel(self, nomination: Nomination) -> None:
        nomination.status, nomination.updated_at = Status.CANCELLED.value, utcnow()
        self.session.add(nomination)

    def delete_unsubmitted(self, user_id: int) -> int:
        """The user's drafts, and those returned to them, with their papers and submission history."""
        ids = select(Nomination.id).where(Nomination.user_id == user_id, Nomination.status != Status.SUBMITTED.value)
        self.session.exec(delete(Attachment).where(col(Attachment.nomination_id).in_(ids)))
        self.session.exec(delete(SubmissionAudit).where(col(SubmissionAudit.nomination_id).in_(ids)))
        return self.session.exec(delete(Nomination).where(col(Nomination.id).in_(ids))).rowcount

    def each_submitted(self, page: int = 200) -> Iterator[Nomination]:
        """Every submission in the order submitted, read a page at a time after the last one seen (the export's
        index) and let go of before the next page is read: memory stays flat and the database sorts nothing."""
        ordered = (col(Nomination.submitted_at), col(Nomination.id))
        query = self._mine(Nomination.status == Status.SUBMITTED.value).order_by(*ordered).limit(page)
        rows = self.session.exec(query).all()
        while rows:
            yield from rows
            after = tuple_(rows[-1].submitted_at, rows[-1].id)
            for nomination in rows:
                self.session.expunge(nomination)
            rows = []  # the page is let go of before the next is read
            rows = self.session.exec(query.where(tuple_(*ordered) > after)).all()

    def tally(self) -> list[Tally]:
        """How many nominations (cancelled ones aside) there are of each unit, status, review, award kind, nominee
        kind and movement: the secretariat's overview, counted by the database in one query."""
        movement = col(Nomination.answers)["movement"].as_string()
        keys = (col(Nomination.unit_id), col(Nomination.status), col(Nomination.review), col(Nomination.award_kind),
                col(Nomination.nominee_kind), movement)
        kept = Nomination.status != Status.CANCELLED.value
        rows = self.session.exec(select(*keys, func.count()).where(*self._where(kept))
                                 .group_by(*keys)).all()  # type: ignore[call-overload]
        return [Tally(*row) for row in rows]

    def submitted(self, unit_id: int | None = None) -> Sequence[Nomination]:
        query = self._mine(Nomination.status == Status.SUBMITTED.value)
        if unit_id is not None:
            query = query.where(Nomination.unit_id == unit_id)
        return self.session.exec(query.order_by(col(Nomination.submitted_at), col(Nomination.id))).all()


@dataclass(frozen=True)
class Tally:
    """A count of nominations alike in what the overview tells apart."""

    unit_id: int | None
    status: str
    review: str | None
    award_kind: str | None
    nominee_kind: str | None
    movement: str | None
    count: int


class Attachments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, nomination_id: int, paper_id: str, file_ref: str | None, file_name: str | None) -> None:
        self.session.exec(delete(Attachment).where(col(Attachment.nomination_id) == nomination_id,
                                                   col(Attachment.paper_id) == paper_id))
        self.session.add(Attachment(nomination_id=nomination_id, paper_id=paper_id, on_paper=file_ref is None,
                                    file_ref=file_ref, file_name=file_name))

    def of(self, nomination_id: int) -> Sequence[Attachment]:
        return self.session.exec(select(Attachment).where(Attachment.nomination_id == nomination_id)
                                 .order_by(col(Attachment.id))).all()


class States:
    """Each chat's conversation state, with a version that every write increases."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> tuple[int, dict[str, Any]]:
        """The state and its version; (0, {}) for a chat with none."""
        row = self.session.get(ConversationState, key)
        return (row.version, dict(row.data)) if row else (0, {})

    def version(self, key: str) -> int:
        """The state's version alone (0 for none): whether a cached copy is still current."""
        return self.session.exec(select(ConversationState.version).where(ConversationState.key == key)).first() or 0

    def set(self, key: str, data: dict[str, Any]) -> int:
        """The new version."""
        row = self.session.get(ConversationState, key)
        if row is None:
            row = ConversationState(key=key, data=dict(data), version=1)
            self.session.add(row)
            return 1
        row.data, row.updated_at, row.version = dict(data), utcnow(), row.version + 1
        flag_modified(row, "data")
        return row.version

    def newest(self, limit: int) -> list[tuple[str, int, dict[str, Any]]]:
        rows = self.session.exec(select(ConversationState).order_by(col(ConversationState.updated_at).desc())
                                 .limit(limit)).all()
        return [(row.key, row.version, dict(row.data)) for row in rows]


class Members:
    """Who is established as an officer of which unit, and the one-time invitations that make them so."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, user_id: int) -> Membership | None:
        return self.session.get(Membership, user_id)

    def invite(self, code: str, unit_id: int, issued_by: int, expires_at: dt.datetime) -> Invitation:
        invitation = Invitation(code=code, unit_id=unit_id, issued_by=issued_by, expires_at=expires_at)
        self.session.add(invitation)
        return invitation

    def redeem(self, code: str, user_id: int, now: dt.datetime) -> Membership | None:
        """The membership the code gives, once: None when the code is unknown, used, expired or not a unit's."""
        invitation = _take(self.session, code, user_id, now, col(Invitation.unit_id).is_not(None))
        if invitation is None or invitation.unit_id is None:
            return None
        membership = self.of(user_id) or Membership(user_id=user_id, unit_id=invitation.unit_id)
        membership.unit_id, membership.invited_by, membership.since = invitation.unit_id, invitation.issued_by, now
        self.session.add(membership)
        return membership

    def leave(self, user_id: int) -> None:
        self.session.exec(delete(Membership).where(col(Membership.user_id) == user_id))  # type: ignore[call-overload]


class Receivers:
    """Who receives dossiers for which body, and the one-time invitations that make them so."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def invite(self, code: str, body: str, issued_by: int, expires_at: dt.datetime) -> Invitation:
        invitation = Invitation(code=code, body=body, issued_by=issued_by, expires_at=expires_at)
        self.session.add(invitation)
        return invitation

    def redeem(self, code: str, user_id: int, now: dt.datetime) -> Receiver | None:
        """The receiver the code makes, once: None when the code is unknown, used, expired or not a body's."""
        invitation = _take(self.session, code, user_id, now, col(Invitation.body).is_not(None))
        if invitation is None or invitation.body is None:
            return None
        receiver = self.session.exec(select(Receiver).where(
            col(Receiver.user_id) == user_id, col(Receiver.body) == invitation.body)).first()
        receiver = receiver or Receiver(user_id=user_id, body=invitation.body, invited_by=invitation.issued_by)
        receiver.invited_by, receiver.since = invitation.issued_by, now
        self.session.add(receiver)
        return receiver

    def bodies_of(self, user_id: int) -> list[str]:
        return list(self.session.exec(select(Receiver.body).where(col(Receiver.user_id) == user_id)
                                      .order_by(col(Receiver.body))).all())

    def of_bodies(self, bodies: Sequence[str]) -> Sequence[Receiver]:
        return self.session.exec(select(Receiver).where(col(Receiver.body).in_(bodies))
                                 .order_by(col(Receiver.body), col(Receiver.id))).all()

    def chats_of(self, body: str) -> list[tuple[str, str]]:
        """The (platform, user id on it) of every receiver for `body`: those told of a submission to it."""
        found = select(User.platform, User.platform_user_id).join(Receiver, col(Receiver.user_id) == col(User.id))
        return [tuple(row) for row in self.session.exec(found.where(col(Receiver.body) == body)
                                                        .order_by(col(Receiver.id))).all()]  # type: ignore[misc]

    def leave(self, user_id: int) -> None:
        """Every receiving role of the user gone (the user erased their data)."""
        self.session.exec(delete(Receiver).where(col(Receiver.user_id) == user_id))  # type: ignore[call-overload]

    def revoke(self, receiver_id: int, bodies: Sequence[str]) -> Receiver | None:
        """The receiver removed, if it is one of these bodies' (a plan's admin revokes only its plan's)."""
        receiver = self.session.get(Receiver, receiver_id)
        if receiver is None or receiver.body not in bodies:
            return None
        self.session.delete(receiver)
        return receiver


class Updates:
    def __init__(self, session: Session) -> None:
        self.session = session

    def first_time(self, platform: str, update_id: str) -> bool:
        """Records the update; False when it was recorded before (on PostgreSQL a concurrent delivery of the same
        update waits here until the first commits or rolls back)."""
        insert = insert_for(self.session)(HandledUpdate).values(platform=platform, update_id=update_id, at=utcnow())
        recorded = insert.on_conflict_do_nothing().returning(HandledUpdate.update_id)
        return self.session.exec(recorded).first() is not None  # type: ignore[call-overload]

    def forget_before(self, before: dt.datetime) -> int:
        """Platforms redeliver for a day at most: older records only take room."""
        return self.session.exec(delete(HandledUpdate).where(col(HandledUpdate.at) < before)).rowcount  # type: ignore[call-overload]


class LinkedFiles:
    """Files given by signed links (`bot/file_links.py`), each to one chat, until it expires."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, file: LinkedFile) -> None:
        self.session.add(file)

    def get(self, key: str) -> LinkedFile | None:
        """The file, detached from the session: its bytes are served after the transaction has ended."""
        file = self.session.get(LinkedFile, key)
        if file is not None:
            self.session.expunge(file)
        return file

    def forget(self, platform: str, chat_ids: Sequence[str]) -> int:
        """Decree 13 erasure: every file given to these chats of the user."""
        return self.session.exec(delete(LinkedFile).where(  # type: ignore[call-overload]
            col(LinkedFile.platform) == platform, col(LinkedFile.chat_id).in_(chat_ids))).rowcount

    def forget_expired(self, now: dt.datetime) -> int:
        """Files past their time: their links answer 410 anyway, and nobody else may have them."""
        return self.session.exec(delete(LinkedFile).where(col(LinkedFile.expires_at) <= now)).rowcount  # type: ignore[call-overload]


class Audit:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, nomination: Nomination, action: str) -> None:
        assert nomination.id is not None
        self.session.add(SubmissionAudit(nomination_id=nomination.id, user_id=nomination.user_id,
                                         unit_id=nomination.unit_id, action=action))


def _take(session: Session, code: str, user_id: int, now: dt.datetime, kind: Any) -> Invitation | None:
    """The invitation of this kind the code names, marked used by this user: None when it is unknown, used or
    expired (the UPDATE is the guard, so two users racing for one code cannot both get it)."""
    taken = session.exec(update(Invitation).where(  # type: ignore[call-overload]
        col(Invitation.code) == code, col(Invitation.used_by).is_(None), col(Invitation.expires_at) > now, kind)
        .values(used_by=user_id, used_at=now)).rowcount
    return session.get(Invitation, code) if taken == 1 else None


def _insert_once(session: Session, table: type, **values: Any) -> None:
    """INSERT … ON CONFLICT DO NOTHING: the row another transaction inserted first is kept, with no error."""
    session.exec(insert_for(session)(table).values(**values).on_conflict_do_nothing())  # type: ignore[call-overload]
