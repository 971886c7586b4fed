"""What a message becomes on the other side: which kinds pass, long texts, edits and replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from storage import appends
from storage import repositories as repo
from storage.lookups import ConversationForStudent, ConversationForSupporter
from storage.models import Conversation, MessageLink

# The model, or one of the light views a plain relay reads.
Relayed = Conversation | ConversationForStudent | ConversationForSupporter

TEXT_LIMIT = 4096
ACTIVITY_STEP = timedelta(minutes=1)
RELAYED = (
    "text",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "sticker",
    "animation",
    "document",
)
REFUSED = ("contact", "location", "venue", "poll", "dice")
HELD_WHILE_WAITING = ("text", "photo", "voice", "audio", "video", "video_note", "document")
PROBE_ORDER = ("venue", "location", "contact", "poll", "dice", "animation", *RELAYED)


def kind_of(message: object) -> str:
    """The content kind of a Telegram message ("text", "photo", ... or "other")."""
    for kind in PROBE_ORDER:
        if getattr(message, kind, None) is not None:
            return kind
    return "other"


def is_blank(text: str | None) -> bool:
    """Whether a text message has nothing to say."""
    return text is not None and not text.strip()


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split an over-long text at line or word breaks into parts Telegram accepts."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ")
    if rest:
        parts.append(rest)
    return parts


async def supporter_side_of(
    session: AsyncSession, ctx: Context, conversation: Relayed, student_message_id: int | None
) -> int | None:
    """The supporter-side id of a message the student points at (for replies and edits)."""
    if student_message_id is None:
        return None
    recent = ctx.recent_links.supporter_side(conversation.id, student_message_id)
    if recent is not None:
        return recent
    found = await repo.link_on_student_side(session, conversation.id, student_message_id)
    return found.supporter_message_id if found else None


async def student_side_of(
    session: AsyncSession, ctx: Context, supporter_id: int, supporter_message_id: int | None
) -> tuple[int, int] | None:
    """(conversation id, student-side id) of a message the supporter points at."""
    if supporter_message_id is None:
        return None
    recent = ctx.recent_links.student_side(supporter_id, supporter_message_id)
    if recent is not None:
        return recent
    found = await repo.link_on_supporter_side(session, supporter_id, supporter_message_id)
    return (found.conversation_id, found.student_message_id) if found else None


async def remember(
    session: AsyncSession,
    ctx: Context,
    conversation: Relayed,
    originals: Sequence[int],
    copies: Sequence[int],
    from_student: bool,
    at: datetime,
) -> None:
    """Map relayed messages (each original to its copy on the other side); note the activity."""
    supporter_id = conversation.supporter_id or 0
    rows = []
    for original, copy in zip(originals, copies, strict=False):
        student_id, supporter_side_id = (original, copy) if from_student else (copy, original)
        ctx.recent_links.note(conversation.id, supporter_id, student_id, supporter_side_id)
        rows.append(
            repo.link_row(
                conversation.id, supporter_id, student_id, supporter_side_id, from_student, at
            )
        )
    if not appends.stage(session, rows):
        session.add_all(MessageLink(**values) for _, values in rows)
    # Activity is recorded at minute precision (plenty for a 30-minute idle check), which
    # spares a write per message; a pending "still there?" is always reset.
    if (
        conversation.idle_warned_at is not None
        or at - conversation.last_activity_at >= ACTIVITY_STEP
    ):
        stored = await session.get(Conversation, conversation.id)
        if stored is not None:
            stored.last_activity_at = at
            stored.idle_warned_at = None
