"""What coordinators configure: institutions, hours, closures, contacts, phrases, referrals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class Institution(Base):
    """A university or college served by this deployment; empty values fall back to settings."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str | None] = mapped_column(String(64))
    opening_hours: Mapped[str | None] = mapped_column(Text)
    holidays_country: Mapped[str | None] = mapped_column(String(12))
    alert_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    default_language: Mapped[str | None] = mapped_column(String(8))
    overflow_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    overflow_minutes: Mapped[int | None]
    created_at: Mapped[datetime]


class SupporterInstitution(Base):
    """A supporter belongs to an institution: its requests are offered to them."""

    __tablename__ = "supporter_institutions"

    supporter_id: Mapped[int] = mapped_column(
        ForeignKey("supporters.id", ondelete="CASCADE"), primary_key=True
    )
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True
    )


class ClosurePeriod(Base):
    """A vacation or exam period when the service is closed (dates inclusive)."""

    __tablename__ = "closure_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[date]
    end: Mapped[date]
    label: Mapped[str] = mapped_column(String(120))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]


class ServiceSetting(Base):
    """A coordinator-set value that overrides a default, such as the weekly hours."""

    __tablename__ = "service_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class CrisisPhrase(Base):
    """A coordinator-added crisis phrase, on top of the built-in lists."""

    __tablename__ = "crisis_phrases"
    __table_args__ = (UniqueConstraint("language", "phrase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]


class ProfessionalContact(Base):
    """A professional contact sent to students in crisis (per language, optionally country)."""

    __tablename__ = "professional_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(8), default="")
    name: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(String(200))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)


class ReferralResource(Base):
    """An entry of the referral catalogue a praatmaat can send."""

    __tablename__ = "referral_resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)
