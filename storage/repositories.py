"""Intention-revealing queries over the models; every function takes an open session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import Select, Table, and_, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.appends import Row
from storage.models import (
    NO_CARD,
    AuditEntry,
    ClosurePeriod,
    Conversation,
    CrisisEvent,
    CrisisPhrase,
    Feedback,
    HeldMessage,
    Invite,
    JobClaim,
    MessageLink,
    Offer,
    Person,
    ProcessedUpdate,
    ProfessionalContact,
    ReferralResource,
    ServiceSetting,
    SupervisionRecord,
    Supporter,
)

OPEN = ("waiting", "active")


async def person_by_hashes(session: AsyncSession, hashes: Sequence[str]) -> Person | None:
    """The person whose id hash is any of `hashes` (one per configured key)."""
    return await session.scalar(_person_query().where(Person.id_hash.in_(hashes)))


async def person_by_id(session: AsyncSession, person_id: int) -> Person | None:
    """A person with their supporter record and open conversation loaded."""
    return await session.scalar(_person_query().where(Person.id == person_id))


def _person_query() -> Select[tuple[Person]]:
    return select(Person).options(
        joinedload(Person.open_conversation)
        .joinedload(Conversation.supporter)
        .joinedload(Supporter.person)
    )


def processed_row(update_id: int, at: datetime) -> Row:
    """A handled update id, as a plain row."""
    return cast(Table, ProcessedUpdate.__table__), {"update_id": update_id, "processed_at": at}


async def forget_processed_updates(session: AsyncSession, before: datetime) -> int:
    """Drop update ids older than `before` (Telegram keeps updates for 24 hours)."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    )
    return result.rowcount or 0


async def open_conversation_of(session: AsyncSession, student_id: int) -> Conversation | None:
    """The student's waiting request or active conversation, if any, as it is now."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.student_id == student_id, Conversation.status.in_(OPEN))
        .execution_options(populate_existing=True)
    )


async def active_conversations_of(session: AsyncSession, supporter_id: int) -> list[Conversation]:
    """The supporter's open conversations, oldest first."""
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.supporter_id == supporter_id, Conversation.status == "active")
        .order_by(Conversation.accepted_at)
    )
    return list(rows)


async def waiting_requests(session: AsyncSession) -> list[Conversation]:
    """Waiting requests in the order they are offered: crisis, front of line, then oldest."""
    crisis_rank = case((Conversation.crisis == "acute", 1), else_=0)
    rows = await session.scalars(
        select(Conversation)
        .where(Conversation.status == "waiting")
        .order_by(crisis_rank.desc(), Conversation.front.desc(), Conversation.queued_at)
    )
    return list(rows)


async def claim_request(
    session: AsyncSession, conversation_id: int, supporter_id: int, at: datetime
) -> bool:
    """Atomically turn a waiting request into this supporter's conversation; False if taken."""
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == "waiting")
        .values(
            status="active",
            supporter_id=supporter_id,
            accepted_at=at,
            last_activity_at=at,
            idle_warned_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def close_conversation(
    session: AsyncSession, conversation_id: int, reason: str, at: datetime
) -> bool:
    """Close an open conversation or request once; False if it was already closed."""
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status.in_(OPEN))
        .values(status="closed", close_reason=reason, closed_at=at)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def requeue(
    session: AsyncSession, conversation_id: int, note_enc: str | None, at: datetime
) -> bool:
    """Put an active conversation back at the front of the queue (a transfer)."""
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == "active")
        .values(
            status="waiting",
            supporter_id=None,
            front=True,
            handover_note_enc=note_enc,
            transfers=Conversation.transfers + 1,
            last_activity_at=at,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def hold(session: AsyncSession, conversation_id: int, payload_enc: str, at: datetime) -> None:
    """Keep a message written while waiting."""
    session.add(
        HeldMessage(conversation_id=conversation_id, payload_enc=payload_enc, created_at=at)
    )


async def held_messages(session: AsyncSession, conversation_id: int) -> list[HeldMessage]:
    """Held messages of a request, in the order they were written."""
    rows = await session.scalars(
        select(HeldMessage)
        .where(HeldMessage.conversation_id == conversation_id)
        .order_by(HeldMessage.id)
    )
    return list(rows)


async def drop_held(session: AsyncSession, ids: Sequence[int]) -> None:
    """Delete delivered held messages."""
    if ids:
        await session.execute(delete(HeldMessage).where(HeldMessage.id.in_(ids)))


def link_row(
    conversation_id: int,
    supporter_id: int,
    student_message_id: int,
    supporter_message_id: int,
    from_student: bool,
    at: datetime,
) -> Row:
    """Which message on one side is which on the other, as a plain row."""
    values = {
        "conversation_id": conversation_id,
        "supporter_id": supporter_id,
        "student_message_id": student_message_id,
        "supporter_message_id": supporter_message_id,
        "from_student": from_student,
        "created_at": at,
    }
    return cast(Table, MessageLink.__table__), values


async def link_on_student_side(
    session: AsyncSession, conversation_id: int, student_message_id: int
) -> MessageLink | None:
    """The link of a message as it is in the student's chat."""
    return await session.scalar(
        select(MessageLink)
        .where(
            MessageLink.conversation_id == conversation_id,
            MessageLink.student_message_id == student_message_id,
        )
        .limit(1)
    )


async def link_on_supporter_side(
    session: AsyncSession, supporter_id: int, supporter_message_id: int
) -> MessageLink | None:
    """The link of a message as it is in a supporter's chat."""
    return await session.scalar(
        select(MessageLink)
        .where(
            MessageLink.supporter_id == supporter_id,
            MessageLink.supporter_message_id == supporter_message_id,
        )
        .order_by(MessageLink.id.desc())
        .limit(1)
    )


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


async def conversations_since(
    session: AsyncSession, supporter_id: int, since: datetime | None
) -> int:
    """How many conversations a supporter accepted since a moment (their shift)."""
    if since is None:
        return 0
    count = await session.scalar(
        select(func.count(Conversation.id)).where(
            Conversation.supporter_id == supporter_id, Conversation.accepted_at >= since
        )
    )
    return count or 0


async def supporters_with_room(session: AsyncSession) -> list[Supporter]:
    """On-duty, accepting, active supporters with fewer open conversations than capacity."""
    busy = (
        select(func.count(Conversation.id))
        .where(Conversation.supporter_id == Supporter.id, Conversation.status == "active")
        .correlate(Supporter)
        .scalar_subquery()
    )
    rows = await session.scalars(
        select(Supporter).where(
            Supporter.on_duty.is_(True),
            Supporter.accepting.is_(True),
            Supporter.status == "active",
            Supporter.alias.is_not(None),
            busy < Supporter.capacity,
        )
    )
    return list(rows)


async def supporters_on_duty(session: AsyncSession) -> list[Supporter]:
    """Every supporter on duty."""
    rows = await session.scalars(select(Supporter).where(Supporter.on_duty.is_(True)))
    return list(rows)


async def active_supporters(session: AsyncSession) -> list[Supporter]:
    """Every supporter who finished joining and is not paused or removed."""
    rows = await session.scalars(
        select(Supporter)
        .where(Supporter.status == "active", Supporter.alias.is_not(None))
        .order_by(Supporter.alias_key)
    )
    return list(rows)


async def all_supporters(session: AsyncSession) -> list[Supporter]:
    """Every supporter that is not removed, by alias."""
    rows = await session.scalars(
        select(Supporter)
        .where(Supporter.status != "removed", Supporter.alias.is_not(None))
        .order_by(Supporter.alias_key)
    )
    return list(rows)


async def supporter_by_alias(session: AsyncSession, alias: str) -> Supporter | None:
    """The supporter with this alias (case-insensitive)."""
    return await session.scalar(select(Supporter).where(Supporter.alias_key == alias.casefold()))


async def alias_taken(session: AsyncSession, alias: str) -> bool:
    """Whether another supporter already uses this alias."""
    return await supporter_by_alias(session, alias) is not None


async def coordinators(session: AsyncSession) -> list[Person]:
    """Every person with the coordinator role."""
    rows = await session.scalars(select(Person).where(Person.is_coordinator.is_(True)))
    return list(rows)


async def create_invite(
    session: AsyncSession, token_hash: str, by: int | None, at: datetime, expires: datetime
) -> None:
    """Store a new invite by its hash."""
    session.add(Invite(token_hash=token_hash, created_by=by, created_at=at, expires_at=expires))


async def redeem_invite(session: AsyncSession, token_hash: str, by: int, at: datetime) -> bool:
    """Use an invite once, if it exists and has not expired."""
    result = await session.execute(
        update(Invite)
        .where(
            Invite.token_hash == token_hash,
            Invite.used_at.is_(None),
            Invite.expired_at.is_(None),
            Invite.expires_at > at,
        )
        .values(used_at=at, used_by=by)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def expire_invites(session: AsyncSession, at: datetime) -> int:
    """Mark unused invites past their date as expired; returns how many."""
    result = await session.execute(
        update(Invite)
        .where(Invite.used_at.is_(None), Invite.expired_at.is_(None), Invite.expires_at <= at)
        .values(expired_at=at)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def closures(session: AsyncSession) -> list[ClosurePeriod]:
    """Every closure period, by start date."""
    rows = await session.scalars(select(ClosurePeriod).order_by(ClosurePeriod.start))
    return list(rows)


async def setting(session: AsyncSession, key: str) -> str | None:
    """A coordinator-set value, or None."""
    row = await session.get(ServiceSetting, key)
    return row.value if row else None


async def set_setting(session: AsyncSession, key: str, value: str, at: datetime) -> None:
    """Store a coordinator-set value."""
    row = await session.get(ServiceSetting, key)
    if row is None:
        session.add(ServiceSetting(key=key, value=value, updated_at=at))
    else:
        row.value, row.updated_at = value, at


async def crisis_phrases(session: AsyncSession) -> list[CrisisPhrase]:
    """Coordinator-added crisis phrases."""
    rows = await session.scalars(select(CrisisPhrase).order_by(CrisisPhrase.id))
    return list(rows)


async def contacts_for(
    session: AsyncSession, language: str, country: str
) -> list[ProfessionalContact]:
    """Professional contacts for a language, this deployment's country first."""
    rows = await session.scalars(
        select(ProfessionalContact)
        .where(
            ProfessionalContact.language.in_((language, "*")),
            ProfessionalContact.country == (country.split("-")[0] if country else ""),
        )
        .order_by(ProfessionalContact.position, ProfessionalContact.id)
    )
    return list(rows)


async def resources_for(session: AsyncSession, language: str) -> list[ReferralResource]:
    """The referral catalogue in one language."""
    rows = await session.scalars(
        select(ReferralResource)
        .where(ReferralResource.language == language)
        .order_by(ReferralResource.position, ReferralResource.id)
    )
    return list(rows)


async def record_crisis(
    session: AsyncSession, severity: str, conversation_id: int | None, at: datetime
) -> None:
    """Count a recognised crisis message, anonymously."""
    session.add(CrisisEvent(at=at, severity=severity, conversation_id=conversation_id))


async def save_feedback(
    session: AsyncSession,
    conversation_id: int,
    at: datetime,
    heard: int | None = None,
    come_back: bool | None = None,
) -> None:
    """Store one tap of feedback for a conversation."""
    row = await session.scalar(select(Feedback).where(Feedback.conversation_id == conversation_id))
    if row is None:
        row = Feedback(conversation_id=conversation_id, created_at=at)
        session.add(row)
    if heard is not None:
        row.heard = heard
    if come_back is not None:
        row.come_back = come_back


async def audit(session: AsyncSession, actor: str, action: str, target: str, at: datetime) -> None:
    """Record a coordinator action."""
    session.add(AuditEntry(at=at, actor=actor, action=action, target=target[:200]))


async def latest_audit(session: AsyncSession, limit: int = 20) -> list[AuditEntry]:
    """The most recent coordinator actions, oldest of them first."""
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(reversed(list(rows)))


async def claim_tick(session: AsyncSession, job: str, tick: str, at: datetime) -> bool:
    """Claim one run of a scheduled job; False if another instance already has it."""
    try:
        async with session.begin_nested():
            session.add(JobClaim(job=job, tick=tick, claimed_at=at))
    except IntegrityError:
        return False
    return True


async def supervised_on(session: AsyncSession, supporter_id: int) -> date | None:
    """The supporter's latest supervision date."""
    return await session.scalar(
        select(func.max(SupervisionRecord.held_on)).where(
            SupervisionRecord.supporter_id == supporter_id
        )
    )


async def erase_student(session: AsyncSession, person_id: int) -> None:
    """Erase a student: their held messages, message maps, texts and the person row."""
    ids = list(
        await session.scalars(select(Conversation.id).where(Conversation.student_id == person_id))
    )
    if ids:
        await session.execute(delete(HeldMessage).where(HeldMessage.conversation_id.in_(ids)))
        await session.execute(delete(MessageLink).where(MessageLink.conversation_id.in_(ids)))
        await session.execute(delete(Offer).where(Offer.conversation_id.in_(ids)))
        await session.execute(
            update(Conversation)
            .where(Conversation.id.in_(ids))
            .values(student_id=None, handover_note_enc=None, first_preview_enc=None)
            .execution_options(synchronize_session=False)
        )
    await session.execute(delete(Person).where(Person.id == person_id))


async def purge_closed_before(session: AsyncSession, before: datetime, at: datetime) -> int:
    """Strip maps and text from conversations closed before `before`; keep the aggregates."""
    ids = list(
        await session.scalars(
            select(Conversation.id).where(
                Conversation.status == "closed",
                Conversation.closed_at < before,
                Conversation.purged_at.is_(None),
            )
        )
    )
    if not ids:
        return 0
    await session.execute(delete(MessageLink).where(MessageLink.conversation_id.in_(ids)))
    await session.execute(delete(HeldMessage).where(HeldMessage.conversation_id.in_(ids)))
    await session.execute(delete(Offer).where(Offer.conversation_id.in_(ids)))
    await session.execute(
        update(Conversation)
        .where(Conversation.id.in_(ids), Conversation.purged_at.is_(None))
        .values(handover_note_enc=None, first_preview_enc=None, student_id=None, purged_at=at)
        .execution_options(synchronize_session=False)
    )
    return len(ids)


async def pseudonym_in_use(session: AsyncSession, pseudonym: str) -> bool:
    """Whether an open request or conversation already has this pseudonym."""
    found = await session.scalar(
        select(Conversation.id).where(
            and_(Conversation.pseudonym == pseudonym, Conversation.status.in_(OPEN))
        )
    )
    return found is not None
