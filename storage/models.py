"""The tables. Personal data (nominee details) lives only in `Nomination.answers`, never in logs."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# The ledger's rows still to send, and those being sent: partial indexes hold only these, and the queries on them
# name the status as a literal (a bound parameter could not use the index).
PENDING, CLAIMED = text("status = 'pending'"), text("status = 'claimed'")



def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Unit(SQLModel, table=True):
    """A body of a city's unit directory, shared by every plan of that city (one profile per real body)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("directory", "name", name="uq_units_directory_name"),)
    id: int | None = Field(default=None, primary_key=True)
    directory: str = Field(max_length=40)  # the unit directory it belongs to: a plan's `units`
    name: str = Field(max_length=200)
    unit_class: str = Field(max_length=40)
    listed: bool = True  # found in the city's unit directory; False for "Khác"
    # How its papers are headed and signed (documents.model.UnitProfile's fields), as its officers confirmed them.
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    platform_user_id: str = Field(max_length=64)
    display_name: str | None = Field(default=None, max_length=200)
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    role: str = Field(default="officer", max_length=20)
    privacy_noticed_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class Status(StrEnum):
    """A nomination's life: a draft, then a submission (a returned one is a draft again), or cancelled by its
    officer. The stored values; what each view calls it is handlers/standing.py's."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CANCELLED = "cancelled"


class Review(StrEnum):
    """Where a submission stands with the body that receives it; none yet: new. A returned one is a draft again, so
    it frees its quota slot until resubmitted; an accepted one is still submitted and still counts."""

    ACCEPTED = "accepted"
    RETURNED = "returned"
    RESUBMITTED = "resubmitted"


class Nomination(SQLModel, table=True):
    """A draft, then a submission. Answers are kept as given, one key per wizard field."""

    __tablename__ = "nominations"
    __table_args__ = (Index("ix_nominations_quota", "unit_id", "plan_id", "status", "award_kind", "nominee_kind"),
                      Index("ix_nominations_submitted", "plan_id", "status", "submitted_at", "id"))
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(max_length=120)  # indexed first in ix_nominations_submitted
    user_id: int = Field(foreign_key="users.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="units.id")  # indexed first in ix_nominations_quota
    status: str = Field(default=Status.DRAFT.value, max_length=20, index=True)  # a `Status`
    award_kind: str | None = Field(default=None, max_length=20)
    nominee_kind: str | None = Field(default=None, max_length=20)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    editing: str | None = Field(default=None, max_length=60)  # the field being changed from the review screen
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    submitted_at: dt.datetime | None = None
    body: str | None = Field(default=None, max_length=200, index=True)  # the receiving body, set on submission
    review: str | None = Field(default=None, max_length=20)  # a `Review`
    review_note: str | None = Field(default=None, max_length=1000)  # why it was returned


class Attachment(SQLModel, table=True):
    """A paper of the checklist: a file sent in chat (its platform reference) or "nộp bản giấy"."""

    __tablename__ = "attachments"
    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nominations.id", index=True)
    paper_id: str = Field(max_length=60)
    on_paper: bool = False
    file_ref: str | None = Field(default=None, max_length=500)
    file_name: str | None = Field(default=None, max_length=255)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ConversationState(SQLModel, table=True):
    __tablename__ = "conversation_states"
    key: str = Field(primary_key=True, max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)
    version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # +1 at every write


class SubmissionAudit(SQLModel, table=True):
    __tablename__ = "submission_audit"
    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nominations.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    action: str = Field(max_length=20)
    at: dt.datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A chat that receives deadline reminders and announcements."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("platform", "chat_id", "plan_id", name="uq_subscriptions_platform_chat_plan"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(max_length=120)
    platform: str = Field(max_length=20)
    chat_id: str = Field(max_length=64)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    unit_class: str | None = Field(default=None, max_length=40)  # None: every deadline that concerns units
    active: bool = Field(default=True, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Announcement(SQLModel, table=True):
    __tablename__ = "announcements"
    id: int | None = Field(default=None, primary_key=True)
    text: str
    author_platform: str = Field(max_length=20)
    author_chat_id: str = Field(max_length=64)
    total: int = 0
    created_at: dt.datetime = Field(default_factory=utcnow)
    finished_at: dt.datetime | None = None


class Delivery(SQLModel, table=True):
    """The ledger: one row per message a subscriber or a notice's receiver is to get, claimed before it is sent,
    marked after.

    `key` names the message: 'r:<plan>:<deadline>:<days before>' for a reminder, 'a:<announcement id>' for an
    announcement, 'returned:<nomination id>' for the reminder of a returned nomination, 'n:<digest of the event and
    the notice's place among its replies>' for a notice, 's:<report>:…' for the scheduler's own reports (an
    announcement's progress, a spent quota's warning). A notice (the
    core's reply to someone other than the sender, written in the transaction of the change it tells of) has no
    subscription: its address and its text are on the row, the text only until it is sent."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "key"),
                      UniqueConstraint("platform", "chat_id", "key", name="uq_deliveries_notice"),
                      Index("ix_deliveries_pending", "id", sqlite_where=PENDING, postgresql_where=PENDING),
                      Index("ix_deliveries_claimed", "claimed_at", sqlite_where=CLAIMED, postgresql_where=CLAIMED))
    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int | None = Field(default=None, foreign_key="subscriptions.id")
    platform: str | None = Field(default=None, max_length=20)  # a notice's address
    chat_id: str | None = Field(default=None, max_length=64)
    text: str | None = None  # a notice's text, cleared once it is sent (or given up)
    key: str = Field(max_length=80)
    announcement_id: int | None = Field(default=None, foreign_key="announcements.id", index=True)
    due_at: dt.datetime
    status: str = Field(default="pending", max_length=20)  # pending, claimed, sent, failed, blocked, expired
    claimed_at: dt.datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: dt.datetime | None = None
    attempts: int = 0


class HandledUpdate(SQLModel, table=True):
    """An update already applied: the same one delivered again (a webhook retry, a restart, another process) is
    skipped. Recorded in the transaction that applies it, so it is recorded exactly when it was applied."""

    __tablename__ = "handled_updates"
    platform: str = Field(primary_key=True, max_length=20)
    update_id: str = Field(primary_key=True, max_length=64)
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class Membership(SQLModel, table=True):
    """A user established as an officer of a unit (not merely claiming it): invited by an admin or by a member.
    Only a member sees the unit's dossier; anyone else sees only what they submitted themselves."""

    __tablename__ = "memberships"
    user_id: int = Field(primary_key=True, foreign_key="users.id")
    unit_id: int = Field(foreign_key="units.id", index=True)
    invited_by: int | None = Field(default=None, foreign_key="users.id")  # None: an admin of the deployment
    since: dt.datetime = Field(default_factory=utcnow)


class Invitation(SQLModel, table=True):
    """A one-time code that makes whoever redeems it a member of a unit, or a receiver for a body, until it
    expires: exactly one of `unit_id` and `body` is set."""

    __tablename__ = "invitations"
    code: str = Field(primary_key=True, max_length=32)
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    body: str | None = Field(default=None, max_length=200)
    issued_by: int = Field(foreign_key="users.id")
    expires_at: dt.datetime
    used_by: int | None = Field(default=None, foreign_key="users.id")
    used_at: dt.datetime | None = None


class Receiver(SQLModel, table=True):
    """A user established as a receiver for a body the plan routes dossiers to (a movement's lead agency or the
    plan's general receiver): invited by an admin, until revoked."""

    __tablename__ = "receivers"
    __table_args__ = (UniqueConstraint("user_id", "body"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    body: str = Field(max_length=200)
    invited_by: int = Field(foreign_key="users.id")
    since: dt.datetime = Field(default_factory=utcnow)


class LinkedFile(SQLModel, table=True):
    """A file given by a signed link where the platform cannot upload it (Zalo): its bytes are here, so any process
    behind the load balancer serves it. Kept until it expires, or until its holder erases their data."""

    __tablename__ = "linked_files"
    __table_args__ = (Index("ix_linked_files_holder", "platform", "chat_id"),)  # erasure finds a holder's files
    key: str = Field(primary_key=True, max_length=32)  # random: a link's resource, guessing one gives nothing
    platform: str = Field(max_length=20)
    chat_id: str = Field(max_length=64)  # the chat it was given to: the link's holder
    filename: str = Field(max_length=255)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    expires_at: dt.datetime = Field(index=True)
