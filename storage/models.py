"""SQLAlchemy models: what Praatmaat keeps, and nothing that names a person in the clear."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime
from storage.bookkeeping_models import AuditEntry, InboundUpdate, JobClaim, ProcessedUpdate
from storage.institution_models import (
    ClosurePeriod,
    CrisisPhrase,
    Institution,
    ProfessionalContact,
    ReferralResource,
    ServiceSetting,
    SupporterInstitution,
)
from storage.status import OPEN, ConversationStatus, Severity, SupporterStatus

__all__ = [
    "NO_CARD",
    "AuditEntry",
    "Base",
    "ClosurePeriod",
    "Conversation",
    "CrisisEvent",
    "CrisisPhrase",
    "Feedback",
    "HeldMessage",
    "InboundUpdate",
    "Institution",
    "Invite",
    "JobClaim",
    "MessageLink",
    "Offer",
    "Person",
    "ProcessedUpdate",
    "ProfessionalContact",
    "ReferralResource",
    "ServiceSetting",
    "SupervisionRecord",
    "Supporter",
    "SupporterInstitution",
    "UTCDateTime",
]


class Person(Base):
    """Anyone who wrote to the bot: a look-up hash and an encrypted chat id, never a name."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(80), unique=True)
    chat_id_enc: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    banned_at: Mapped[datetime | None]
    ban_reason_enc: Mapped[str | None] = mapped_column(Text)
    crisis_contacts_at: Mapped[datetime | None]
    crisis_contacts_severity: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime]
    # A student's institution, or the one a network coordinator is working on (None: all).
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    # An institution coordinator's institution; None for a network coordinator.
    coordinates_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )

    supporter: Mapped[Supporter | None] = relationship(back_populates="person", lazy="joined")
    # Loaded with the person in one query, so relaying a message needs a single look-up.
    open_conversation: Mapped[Conversation | None] = relationship(
        primaryjoin=lambda: and_(
            Conversation.student_id == Person.id, Conversation.status.in_(OPEN)
        ),
        viewonly=True,
        uselist=False,
        lazy="joined",
    )


class Supporter(Base):
    """A trained volunteer: alias, duty state and capacity."""

    __tablename__ = "supporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    alias: Mapped[str | None] = mapped_column(String(32))
    alias_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=SupporterStatus.ACTIVE)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    accepting: Mapped[bool] = mapped_column(Boolean, default=True)
    off_duty_at_close: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int] = mapped_column(default=1)
    joined_at: Mapped[datetime]
    last_supervision_on: Mapped[date | None]
    duty_since: Mapped[datetime | None]

    person: Mapped[Person] = relationship(back_populates="supporter", lazy="joined")
    institution_ids: Mapped[list[int]] = association_proxy("memberships", "institution_id")
    memberships: Mapped[list[SupporterInstitution]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )


class Conversation(Base):
    """A request and, once accepted, the conversation it became."""

    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_status_queue", "status", "queued_at"),
        Index("ix_conversations_institution", "institution_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    supporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("supporters.id", ondelete="SET NULL"), index=True
    )
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    pseudonym: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default=ConversationStatus.WAITING)
    crisis: Mapped[str] = mapped_column(String(10), default=Severity.NONE)
    front: Mapped[bool] = mapped_column(Boolean, default=False)
    left_while_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    handover_note_enc: Mapped[str | None] = mapped_column(Text)
    first_preview_enc: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(20))
    last_activity_at: Mapped[datetime]
    idle_warned_at: Mapped[datetime | None]
    closing_warned_at: Mapped[datetime | None]
    closed_notice_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    overflowed_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]
    transfers: Mapped[int] = mapped_column(default=0)

    supporter: Mapped[Supporter | None] = relationship(lazy="joined", viewonly=True)


NO_CARD = 0


class Offer(Base):
    """A request card shown to one supporter, so every card can be edited when it is taken."""

    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("conversation_id", "supporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporters.id", ondelete="CASCADE"))
    # NO_CARD while the card is being sent, or for good when the request is withheld from this
    # supporter (the one who just handed it over): either way there is nothing to edit.
    message_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]


class HeldMessage(Base):
    """A student message written while waiting, held encrypted until a praatmaat accepts."""

    __tablename__ = "held_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    payload_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class MessageLink(Base):
    """One relayed message: its id on the student's side and on the supporter's side."""

    __tablename__ = "message_map"
    __table_args__ = (
        Index("ix_message_map_student", "conversation_id", "student_message_id"),
        Index("ix_message_map_supporter", "supporter_id", "supporter_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    supporter_id: Mapped[int]
    student_message_id: Mapped[int] = mapped_column(BigInteger)
    supporter_message_id: Mapped[int] = mapped_column(BigInteger)
    from_student: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class Invite(Base):
    """A one-time supporter invite; only the token's hash is kept."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    expired_at: Mapped[datetime | None]
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )


class SupervisionRecord(Base):
    """Attendance of one supporter at one supervision session."""

    __tablename__ = "supervision_records"
    __table_args__ = (UniqueConstraint("supporter_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporters.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    reminded_at: Mapped[datetime | None]


class Feedback(Base):
    """Anonymous two-tap feedback after a conversation."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), unique=True
    )
    heard: Mapped[int | None]
    come_back: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class CrisisEvent(Base):
    """An anonymous record that crisis language was recognised (for counts, never the text)."""

    __tablename__ = "crisis_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    severity: Mapped[str] = mapped_column(String(10))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
