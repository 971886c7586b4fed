"""Bookkeeping: audit log, update inbox, handled ids, update turns, send slots, job claims."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Double, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class AuditEntry(Base):
    """One coordinator action."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )


class InboundUpdate(Base):
    """An update read from Telegram and not yet handled, kept (encrypted) across a crash."""

    __tablename__ = "inbound_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)


class ProcessedUpdate(Base):
    """A Telegram update id already handled, so a redelivery is not relayed twice."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class UpdateTurn(Base):
    """A webhook update's place in its chat's line, shared by every instance (storage.turns)."""

    __tablename__ = "update_turns"
    __table_args__ = (Index("ix_update_turns_chat", "chat_key", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_key: Mapped[int | None] = mapped_column(BigInteger)  # HMAC of the chat id, not the id
    holder: Mapped[int | None]  # the instance that has it (storage.turns)
    started: Mapped[bool] = mapped_column(Boolean, default=False)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class SendSlot(Base):
    """When the bot may next send to a chat, or at all (storage.pacing)."""

    __tablename__ = "send_slots"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    next_at: Mapped[float] = mapped_column(Double)  # the database clock's epoch seconds


class JobClaim(Base):
    """A scheduled job's claim on one tick, so several instances run it once."""

    __tablename__ = "job_claims"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    tick: Mapped[str] = mapped_column(String(40), primary_key=True)
    claimed_at: Mapped[datetime]
