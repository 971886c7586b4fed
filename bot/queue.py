"""The request rules: open, hold, position and wait, claim, requeue, close."""

from __future__ import annotations

import json
import secrets
import statistics
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions
from bot.context import Context
from bot.moments import latest_opening
from bot.schedule import Schedule
from storage import repositories as repo
from storage.models import Conversation, Person, Supporter
from storage.status import SEVERITY_RANK, CloseReason, Severity

PREVIEW_CHARS = 160
# Digits that are never read as letters (no 0/1 for O/I); 208 short pseudonyms, then 1,664 more.
PSEUDONYM_DIGITS = "23456789"
PSEUDONYM_TRIES = 40
RECENT_WAITS = 25


@dataclass(frozen=True)
class Held:
    """A student message kept for later delivery: its id in the student's chat."""

    message_id: int
    media_group_id: str | None = None


async def new_pseudonym(session: AsyncSession) -> str:
    """A short pseudonym such as "K7", unique among open requests; longer ("K73") when crowded."""
    used = await repo.open_pseudonyms(session)
    digits = 1
    while True:
        for _ in range(PSEUDONYM_TRIES):
            candidate = secrets.choice(string.ascii_uppercase) + "".join(
                secrets.choice(PSEUDONYM_DIGITS) for _ in range(digits)
            )
            if candidate not in used:
                return candidate
        digits += 1


async def open_request(
    session: AsyncSession,
    ctx: Context,
    student: Person,
    *,
    crisis: str = Severity.NONE,
    left_while_closed: bool = False,
    institution: int | None = None,
) -> Conversation:
    """Queue a new request for the student (at their institution)."""
    if institution is None:
        institution = student.institution_id or (await institutions.default(session)).id
    now = ctx.clock.now()
    conversation = Conversation(
        student_id=student.id,
        institution_id=institution,
        pseudonym=await new_pseudonym(session),
        language=student.language,
        crisis=crisis,
        left_while_closed=left_while_closed,
        created_at=now,
        queued_at=now,
        last_activity_at=now,
    )
    session.add(conversation)
    await session.flush()
    return conversation


async def hold_message(
    session: AsyncSession, ctx: Context, conversation: Conversation, held: Held, preview: str | None
) -> None:
    """Keep a message written while waiting (encrypted), and the first one's preview."""
    payload = json.dumps({"m": held.message_id, "g": held.media_group_id})
    await repo.hold(session, conversation.id, ctx.cipher.encrypt(payload), ctx.clock.now())
    if preview and conversation.first_preview_enc is None:
        conversation.first_preview_enc = ctx.cipher.encrypt(preview[:PREVIEW_CHARS])


async def take_held(session: AsyncSession, ctx: Context, conversation_id: int) -> list[Held]:
    """The held messages in order; they are deleted when the transaction commits."""
    rows = await repo.held_messages(session, conversation_id)
    held = []
    for row in rows:
        payload = json.loads(ctx.cipher.decrypt(row.payload_enc))
        held.append(Held(message_id=payload["m"], media_group_id=payload["g"]))
    await repo.drop_held(session, [row.id for row in rows])
    return held


def preview_of(ctx: Context, conversation: Conversation) -> str | None:
    """The decrypted preview of the request's first message."""
    if conversation.first_preview_enc is None:
        return None
    return ctx.cipher.decrypt(conversation.first_preview_enc)


async def position_of(session: AsyncSession, conversation: Conversation) -> int:
    """1-based place in line of a waiting request."""
    waiting = await repo.waiting_requests(session)
    for index, request in enumerate(waiting, start=1):
        if request.id == conversation.id:
            return index
    return len(waiting) + 1


async def typical_wait(session: AsyncSession) -> timedelta | None:
    """Rolling median of the most recent waits between request and accept."""
    rows = await session.execute(
        select(Conversation.queued_at, Conversation.accepted_at)
        .where(Conversation.accepted_at.is_not(None), Conversation.transfers == 0)
        .order_by(Conversation.accepted_at.desc())
        .limit(RECENT_WAITS)
    )
    waits = [(accepted - queued).total_seconds() for queued, accepted in rows if accepted]
    if not waits:
        return None
    return timedelta(seconds=max(0.0, statistics.median(waits)))


def wait_for_place(typical: timedelta | None, place: int) -> timedelta | None:
    """A realistic wait for someone at `place`, from the typical wait per request."""
    if typical is None:
        return None
    return typical * place


async def claim(
    session: AsyncSession, ctx: Context, conversation_id: int, supporter: Supporter
) -> Conversation | None:
    """The press that claims the request wins; None when someone else was first or no room."""
    active = await repo.active_conversations_of(session, supporter.id)
    if len(active) >= supporter.capacity:
        return None
    if not await repo.claim_request(session, conversation_id, supporter.id, ctx.clock.now()):
        return None
    await session.commit()
    conversation = await session.get(Conversation, conversation_id, populate_existing=True)
    return conversation


async def close(
    session: AsyncSession, ctx: Context, conversation: Conversation, reason: CloseReason
) -> bool:
    """Close a conversation or request once; False if it was already closed."""
    closed = await repo.close_conversation(session, conversation.id, reason, ctx.clock.now())
    if closed:
        await repo.drop_offers(session, conversation.id)
        await repo.drop_held(
            session, [row.id for row in await repo.held_messages(session, conversation.id)]
        )
        await session.commit()
    return closed


async def requeue(
    session: AsyncSession, ctx: Context, conversation: Conversation, note: str | None
) -> bool:
    """Send an active conversation back to the front of the queue with a handover note."""
    note_enc = ctx.cipher.encrypt(note) if note else None
    moved = await repo.requeue(session, conversation.id, note_enc, ctx.clock.now())
    if moved:
        await repo.drop_offers(session, conversation.id)
        await session.commit()
    return moved


def raise_crisis(conversation: Conversation, severity: str) -> bool:
    """Mark a conversation with a higher crisis severity; True if it rose."""
    if SEVERITY_RANK[severity] > SEVERITY_RANK.get(conversation.crisis, 0):
        conversation.crisis = severity
        return True
    return False


def handover_note(ctx: Context, conversation: Conversation) -> str | None:
    """The decrypted handover note of a transferred request."""
    if conversation.handover_note_enc is None:
        return None
    return ctx.cipher.decrypt(conversation.handover_note_enc)


def waited(conversation: Conversation, now: datetime, schedule: Schedule) -> timedelta:
    """How long the request has waited while open: since it was queued, or the opening after."""
    since = conversation.queued_at
    return now - (latest_opening(schedule, now, now - since) or since)


def minutes(delta: timedelta) -> int:
    """Whole minutes, at least 1 (no one wants to read "0 minutes")."""
    return max(1, round(delta.total_seconds() / 60))


async def waiting(session: AsyncSession, institution: int | None = None) -> list[Conversation]:
    """Waiting requests in the order they are offered (of one institution; None: all)."""
    return await repo.waiting_requests(session, institution)
