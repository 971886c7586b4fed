"""Sensible defaults for an empty database: professional contacts and the referral catalogue."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProfessionalContact, ReferralResource

SEED = Path(__file__).parent / "seed"


async def seed_defaults(session: AsyncSession) -> None:
    """Insert the default contacts and resources when none exist yet."""
    if not await session.scalar(select(func.count(ProfessionalContact.id))):
        for row in json.loads((SEED / "contacts.json").read_text()):
            session.add(ProfessionalContact(**row))
    if not await session.scalar(select(func.count(ReferralResource.id))):
        for row in json.loads((SEED / "resources.json").read_text()):
            session.add(ReferralResource(**row))
    await session.commit()
