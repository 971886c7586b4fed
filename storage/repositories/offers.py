"""Request cards: the one card each supporter gets for a request, and withheld requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NO_CARD, Offer


async def claim_offer(
    session: AsyncSession, conversation_id: int, supporter_id: int, at: datetime
) -> Offer | None:
    """Reserve the one card a supporter gets for a request; None if it was already reserved."""
    offer = Offer(
        conversation_id=conversation_id,
        supporter_id=supporter_id,
        message_id=NO_CARD,
        created_at=at,
    )
    try:
        async with session.begin_nested():
            session.add(offer)
    except IntegrityError:
        return None
    return offer


async def withhold_offer(
    session: AsyncSession, conversation_id: int, supporter_id: int, at: datetime
) -> None:
    """Never show this request to this supporter (they just handed it over)."""
    await claim_offer(session, conversation_id, supporter_id, at)


async def offers_of(session: AsyncSession, conversation_id: int) -> list[Offer]:
    """Every card shown for a request."""
    rows = await session.scalars(select(Offer).where(Offer.conversation_id == conversation_id))
    return list(rows)


async def drop_offers(session: AsyncSession, conversation_id: int) -> None:
    """Forget the cards of a request (they have been edited)."""
    await session.execute(delete(Offer).where(Offer.conversation_id == conversation_id))


async def offered_ids(session: AsyncSession, supporter_id: int) -> set[int]:
    """Ids of requests this supporter already has a card for."""
    rows = await session.scalars(
        select(Offer.conversation_id).where(Offer.supporter_id == supporter_id)
    )
    return set(rows)
