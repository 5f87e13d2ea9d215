"""Subscriptions and the delivery ledger: every push is a row, claimed before it is sent and marked after. A notice
(the core's reply to someone other than the sender) is a row too, written with the change it tells of: an outbox.

Rows are created with INSERT … ON CONFLICT DO NOTHING on (subscription, key), so that schedulers in several
processes create each row once; they are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite's transactions
are exclusive already), so that each row is sent by one of them."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Insert, Select, String, and_, cast, delete, func, literal, or_, update
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.models import CLAIMED, PENDING, Announcement, Delivery, Nomination, Review, Status, Subscription, User


def _moment(value: dt.datetime) -> object:
    """A time as a column value in a SELECT: typed, so that it is stored as the ORM stores times (UTC)."""
    return literal(value, type_=Delivery.__table__.c.due_at.type)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    platform: str
    chat_id: str
    user_id: int | None
    unit_class: str | None
    announcement_id: int | None
    attempts: int
    plan_id: str | None  # None: a notice
    text: str | None  # a notice's own text


def _notices_to(platform: str, chat_ids: Sequence[str]) -> object:
    return and_(col(Delivery.subscription_id).is_(None), col(Delivery.platform) == platform,
                col(Delivery.chat_id).in_(chat_ids))


class Ledger:
    """Subscriptions to one plan's reminders (`plan_id`), and every plan's deliveries."""

    def __init__(self, session: Session, plan_id: str | None = None) -> None:
        self.session, self.plan_id = session, plan_id

    # -- subscriptions ---------------------------------------------------------------------------------------------
    def subscription(self, platform: str, chat_id: str) -> Subscription | None:
        return self.session.exec(select(Subscription).where(Subscription.platform == platform,
                                                            Subscription.chat_id == chat_id,
                                                            Subscription.plan_id == self.plan_id)).first()

    def subscribe(self, platform: str, chat_id: str, user_id: int | None, unit_class: str | None,
                  now: dt.datetime) -> Subscription:
        assert self.plan_id is not None, "a subscription is to a plan's reminders"
        sub = self.subscription(platform, chat_id) or Subscription(platform=platform, chat_id=chat_id,
                                                                   plan_id=self.plan_id)
        if not sub.active or sub.id is None:
            sub.created_at = now  # reminders due before (re)subscribing are not sent
        sub.user_id, sub.unit_class, sub.active = user_id, unit_class, True
        self.session.add(sub)
        self.session.flush()
        return sub

    def unsubscribe(self, platform: str, chat_id: str) -> None:
        mine = [col(Subscription.plan_id) == self.plan_id] if self.plan_id is not None else []  # None: every plan's
        self.session.exec(update(Subscription).where(col(Subscription.platform) == platform,
                                                     col(Subscription.chat_id) == chat_id, *mine,
                                                     col(Subscription.active)).values(active=False))

    def forget(self, user_id: int, platform: str, chats: Sequence[str]) -> int:
        """Decree 13 erasure: the user's subscriptions (and those of their `chats` on `platform`), every ledger row
        of theirs, and the notices to those chats, pending or not, so that nothing more is sent; the number of
        subscriptions removed."""
        ids = select(Subscription.id).where(or_(col(Subscription.user_id) == user_id,
                                                (col(Subscription.platform) == platform)
                                                & col(Subscription.chat_id).in_(chats)))
        self.session.exec(delete(Delivery).where(or_(col(Delivery.subscription_id).in_(ids),  # type: ignore[call-overload]
                                                     _notices_to(platform, chats))))
        return self.session.exec(delete(Subscription).where(col(Subscription.id).in_(ids))).rowcount  # type: ignore[call-overload]

    # -- creating rows -----------------------------------------------------------------------------------------------
    def schedule_reminder(self, plan_id: str, key: str, due_at: dt.datetime, unit_classes: Sequence[str]) -> None:
        """A row for every active subscriber to the plan the deadline concerns who subscribed before it fell due."""
        concerned = or_(col(Subscription.unit_class).in_(unit_classes), col(Subscription.unit_class).is_(None))
        return self._insert_for(select(Subscription.id, literal(key), _moment(due_at)).where(
            col(Subscription.active), Subscription.plan_id == plan_id, Subscription.created_at <= due_at, concerned))

    def schedule_returned(self, plan_id: str, award_kind: str, key_prefix: str, due_at: dt.datetime,
                          now: dt.datetime) -> None:
        """A row for each nomination of the award kind still returned to its officer, keyed `<prefix><id>`, to the
        officer's own chat: its subscription to the plan, or one made for it inactive (it gets no deadline
        reminders nor announcements, and goes with the user's data at erasure)."""
        returned = (Nomination.plan_id == plan_id, Nomination.status == Status.DRAFT.value,
                    Nomination.review == Review.RETURNED.value, Nomination.award_kind == award_kind)
        chats = (select(literal(plan_id), User.platform, User.platform_user_id, User.id, literal(False), _moment(now))
                 .join(Nomination, col(Nomination.user_id) == User.id).where(*returned).distinct())
        insert = insert_for(self.session)(Subscription).from_select(  # type: ignore[arg-type]
            ["plan_id", "platform", "chat_id", "user_id", "active", "created_at"], chats)
        self.session.exec(insert.on_conflict_do_nothing())  # type: ignore[call-overload]
        key = literal(key_prefix) + cast(Nomination.id, String)
        self._insert_for(select(Subscription.id, key, _moment(due_at))
                         .join(User, (col(User.platform) == Subscription.platform)
                               & (col(User.platform_user_id) == Subscription.chat_id))
                         .join(Nomination, col(Nomination.user_id) == User.id)
                         .where(Subscription.plan_id == plan_id, *returned))

    def announce(self, text: str, platform: str, chat_id: str, now: dt.datetime) -> Announcement:
        announcement = Announcement(text=text, author_platform=platform, author_chat_id=chat_id)
        self.session.add(announcement)
        self.session.flush()
        rows = select(Subscription.id, literal(f"a:{announcement.id}"), _moment(now), literal(announcement.id))
        self._insert_for(rows.where(col(Subscription.active), Subscription.plan_id == self.plan_id),
                         with_announcement=True)
        announcement.total = self.session.exec(select(func.count()).select_from(Delivery)
                                               .where(Delivery.announcement_id == announcement.id)).one()
        return announcement

    def post(self, platform: str, chat_id: str, text: str, key: str, now: dt.datetime) -> int | None:
        """A notice to a chat, due now; its row's id, or None when one with this key was posted already."""
        statement = (insert_for(self.session)(Delivery)
                     .values(platform=platform, chat_id=chat_id, text=text, key=key, due_at=now, status="pending",
                             attempts=0)
                     .on_conflict_do_nothing().returning(Delivery.id))
        return self.session.exec(statement).scalar()  # type: ignore[call-overload]

    def _insert_for(self, rows: object, with_announcement: bool = False) -> None:
        columns = ["subscription_id", "key", "due_at"] + (["announcement_id"] if with_announcement else [])
        statement: Insert = insert_for(self.session)(Delivery).from_select(columns, rows).on_conflict_do_nothing()  # type: ignore[arg-type]
        self.session.exec(statement)  # type: ignore[call-overload]

    # -- claiming and marking ----------------------------------------------------------------------------------------
    def claim(self, now: dt.datetime, limit: int, worker: str, platforms: Sequence[str],
              only: Sequence[int] | None = None) -> list[Claimed]:
        """Up to `limit` rows due by `now` for subscribers and receivers on `platforms` (those this process can
        reach now); of `only` these rows, if given."""
        due = self.due(now, limit, platforms)
        if only is not None:
            due = due.where(col(Delivery.id).in_(only))
        ids = self.session.exec(update(Delivery).where(col(Delivery.id).in_(due.scalar_subquery()))  # type: ignore[call-overload]
                                .values(status="claimed", claimed_at=now, claimed_by=worker,
                                        attempts=Delivery.attempts + 1)
                                .returning(Delivery.id)).scalars().all()
        if not ids:
            return []
        platform = func.coalesce(Delivery.platform, Subscription.platform)
        chat_id = func.coalesce(Delivery.chat_id, Subscription.chat_id)
        rows = self.session.exec(select(Delivery.id, Delivery.key, platform, chat_id,  # type: ignore[call-overload]
                                        Subscription.user_id, Subscription.unit_class, Delivery.announcement_id,
                                        Delivery.attempts, Subscription.plan_id, Delivery.text)
                                 .outerjoin(Subscription)
                                 .where(col(Delivery.id).in_(ids)).order_by(col(Delivery.id))).all()
        return [Claimed(*row) for row in rows]

    @staticmethod
    def due(now: dt.datetime, limit: int, platforms: Sequence[str]) -> Select:
        """The next pending rows, oldest first, locked for this claim (others skip them)."""
        subscriber = (select(Subscription.id).where(col(Subscription.id) == Delivery.subscription_id,
                                                     col(Subscription.platform).in_(platforms)).exists())
        reachable = or_(col(Delivery.platform).in_(platforms), subscriber)
        return (select(Delivery.id).where(PENDING, Delivery.due_at <= now, reachable)  # deliveries drive, in order
                .order_by(col(Delivery.id)).limit(limit).with_for_update(skip_locked=True, of=Delivery))

    def mark(self, ids: Sequence[int], status: str, at: dt.datetime) -> None:
        """Done with, one way or another: a notice's text is not kept any longer."""
        if ids:
            self.session.exec(update(Delivery).where(col(Delivery.id).in_(ids))  # type: ignore[call-overload]
                              .values(status=status, sent_at=at if status == "sent" else None, text=None))

    def release(self, ids: Sequence[int]) -> None:
        """Back to pending, never marked sent: a platform's quota ran out, or the process is stopping."""
        if ids:
            self.session.exec(update(Delivery).where(col(Delivery.id).in_(ids), col(Delivery.status) == "claimed")  # type: ignore[call-overload]
                              .values(status="pending", claimed_by=None))

    def release_stale(self, before: dt.datetime) -> int:
        """Rows claimed by a process that died before marking them: at most the few it had in flight."""
        return self.session.exec(update(Delivery).where(CLAIMED, col(Delivery.claimed_at) < before)  # type: ignore[call-overload]
                                 .values(status="pending", claimed_by=None)).rowcount

    # -- announcements -------------------------------------------------------------------------------------------------
    def progress(self, announcement_id: int) -> dict[str, int]:
        rows = self.session.exec(select(Delivery.status, func.count())
                                 .where(Delivery.announcement_id == announcement_id)
                                 .group_by(Delivery.status)).all()
        return {status: count for status, count in rows}

    def announcement_texts(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = self.session.exec(select(Announcement.id, Announcement.text).where(col(Announcement.id).in_(ids)))
        return {announcement_id: text for announcement_id, text in rows.all()}

    def announcement(self, announcement_id: int) -> Announcement | None:
        return self.session.get(Announcement, announcement_id)

    def finish(self, announcement_id: int, at: dt.datetime) -> bool:
        """True once: the process that closes the announcement sends the final report."""
        return self.session.exec(update(Announcement).where(col(Announcement.id) == announcement_id,  # type: ignore[call-overload]
                                                            col(Announcement.finished_at).is_(None))
                                 .values(finished_at=at)).rowcount == 1
