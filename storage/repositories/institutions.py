"""Institutions: what goes when one is removed."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    ClosurePeriod,
    Conversation,
    Institution,
    Invite,
    Person,
    ProfessionalContact,
    ReferralResource,
    SupporterInstitution,
)

OWN_LISTS = (ClosurePeriod, ProfessionalContact, ReferralResource, SupporterInstitution)
POINTING = (Person, Conversation, Invite, AuditEntry)


async def forget_institution(session: AsyncSession, institution: int) -> None:
    """Delete an institution's own lists and memberships; what pointed at it points nowhere."""
    for model in OWN_LISTS:
        await session.execute(delete(model).where(model.institution_id == institution))
    for pointing in POINTING:
        await session.execute(
            update(pointing)
            .where(pointing.institution_id == institution)
            .values(institution_id=None)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(Institution)
        .where(Institution.overflow_to_id == institution)
        .values(overflow_to_id=None, overflow_minutes=None)
    )
