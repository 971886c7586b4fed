"""A praatmaat's tools in a conversation: end, transfer, escalate, send a referral."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, keyboards, offers
from bot.alerts import alert_humans
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from bot.supporter_messages import target_of
from storage import repositories as repo
from storage.models import Conversation, ReferralResource, Supporter
from storage.status import ConversationStatus


async def _target(
    session: AsyncSession, ctx: Context, supporter: Supporter, replied: int | None
) -> tuple[list[Conversation], Conversation | None]:
    """The praatmaat's conversations, and the one a command is about (replied to, or the only)."""
    active = await repo.active_conversations_of(session, supporter.id)
    return active, await target_of(session, ctx, supporter.id, replied, active)


async def end_requested(
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    chat: int,
    t: Translator,
    replied: int | None,
) -> None:
    """Ask to confirm ending (picking the conversation when there are several)."""
    active, target = await _target(session, ctx, supporter, replied)
    if not active:
        await ctx.messenger.send(chat, t("end.nothing-open"))
    elif target is not None:
        text = t("end.confirm-supporter", pseudonym=target.pseudonym)
        await ctx.messenger.send(chat, text, keyboards.confirm_end(t, target.id))
    else:
        pairs = [(conversation.pseudonym, conversation.id) for conversation in active]
        await ctx.messenger.send(chat, t("end.which"), keyboards.pick_end(t, pairs))


async def transfer(
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    chat: int,
    t: Translator,
    replied: int | None,
    note: str | None,
) -> None:
    """Hand the conversation back to the front of the line with an optional note."""
    active, target = await _target(session, ctx, supporter, replied)
    if not active:
        await ctx.messenger.send(chat, t("transfer.nothing-open"))
        return
    if target is None:
        await ctx.messenger.send(chat, t("transfer.which"))
        return
    await conversations.transfer(session, ctx, target, note)
    await ctx.messenger.send(chat, t("transfer.done", pseudonym=target.pseudonym))
    await offers.offer_waiting(session, ctx, supporter)


async def escalate(
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    chat: int,
    t: Translator,
    replied: int | None,
    note: str | None,
) -> None:
    """Alert the person on call (crisis alert chat or coordinators)."""
    _, target = await _target(session, ctx, supporter, replied)
    sent = await alert_humans(
        session,
        ctx,
        "alert.escalation",
        alias=supporter.alias,
        pseudonym=target.pseudonym if target else "—",
        note=note or "—",
    )
    await ctx.messenger.send(chat, t("escalate.sent" if sent else "escalate.nobody"))


async def pick_resource(
    session: AsyncSession,
    ctx: Context,
    supporter: Supporter,
    chat: int,
    t: Translator,
    replied: int | None,
) -> None:
    """Offer the referral catalogue in the student's language."""
    active, target = await _target(session, ctx, supporter, replied)
    if target is None:
        await ctx.messenger.send(
            chat, t("resources.no-conversation" if not active else "resources.which")
        )
        return
    catalogue = await repo.resources_for(session, target.language)
    if not catalogue:
        await ctx.messenger.send(chat, t("resources.empty"))
        return
    pairs = [(entry.title, entry.id) for entry in catalogue]
    await ctx.messenger.send(
        chat, t("resources.pick", pseudonym=target.pseudonym), keyboards.resources(pairs, target.id)
    )


async def send_resource(
    session: AsyncSession, ctx: Context, supporter: Supporter, conversation_id: int, resource: int
) -> str:
    """Send the chosen referral to the student as a message from the bot; the toast key."""
    conversation = await session.get(Conversation, conversation_id)
    entry = await session.get(ReferralResource, resource)
    if (
        conversation is None
        or conversation.supporter_id != supporter.id
        or entry is None
        or conversation.status != ConversationStatus.ACTIVE
    ):
        return "button.stale"
    student = await conversations.student_of(session, conversation)
    if student is None:
        return "button.stale"
    t_student = Translator(student.language)
    text = t_student("resources.sent-student", title=entry.title, body=entry.body)
    sent = await ctx.messenger.send(chat_of(ctx, student), text)
    return "resources.sent" if sent.delivered else "relay.not-delivered"
