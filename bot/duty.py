"""A praatmaat's own state: choosing an alias, going on and off duty, pausing new requests."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, menus, offers, supervision
from bot.context import Context
from bot.i18n import Translator
from bot.schedule import describe_opening, load_schedule
from storage import repositories as repo
from storage.models import Person, Supporter
from storage.status import SupporterStatus

ALIAS = re.compile(r"[^\W\d_]{2,24}")


async def choose_alias(
    session: AsyncSession, ctx: Context, person: Person, supporter: Supporter, chat: int, text: str
) -> None:
    """Validate and store the alias, then show the short guide."""
    t = Translator(person.language)
    alias = text.strip()
    if alias.startswith("/") or not ALIAS.fullmatch(alias):
        await ctx.messenger.send(chat, t("alias.invalid"))
        return
    if await repo.alias_taken(session, alias):
        await ctx.messenger.send(chat, t("alias.taken"))
        return
    supporter.alias, supporter.alias_key = alias, alias.casefold()
    await session.commit()
    await ctx.messenger.send(chat, t("alias.welcome", alias=alias))
    await ctx.messenger.send(chat, t("guide.text"))
    await menus.refresh(ctx, person)


async def toggle_duty(
    session: AsyncSession, ctx: Context, supporter: Supporter, chat: int, t: Translator
) -> None:
    """Go off duty, or on: that needs the service open, recent supervision and an active status."""
    if supporter.on_duty:
        if await repo.active_conversations_of(session, supporter.id):
            await ctx.messenger.send(chat, t("duty.finish-first"))
            return
        shift = await repo.conversations_since(session, supporter.id, supporter.duty_since)
        supporter.on_duty, supporter.duty_since = False, None
        await session.commit()
        await ctx.messenger.send(chat, t.plural("duty.off-summary", shift, conversations=shift))
        return
    if supporter.status != SupporterStatus.ACTIVE:
        await ctx.messenger.send(chat, t("duty.paused-by-coordinator"))
        return
    now = ctx.clock.now()
    limit = ctx.settings.SUPERVISION_MAX_DAYS
    institution = await institutions.of_supporter(session, supporter)
    zone = institutions.timezone(ctx.settings, institution)
    last = await supervision.last_of(session, supporter, ZoneInfo(zone))
    if not supervision.may_go_on_duty(last, now.date(), limit):
        days = (now.date() - last).days
        await ctx.messenger.send(chat, t("duty.supervision-due", days=days, limit=limit))
        return
    schedule = await load_schedule(session, ctx, institution)
    if not schedule.is_open(now):
        next_open = schedule.next_opening(now)
        when = "—"
        if next_open is not None:
            when = describe_opening(next_open, now, zone, t, t.language)
        await ctx.messenger.send(chat, t("duty.closed", when=when))
        return
    supporter.on_duty, supporter.accepting, supporter.duty_since = True, True, now
    await session.commit()
    waiting = await offers.waiting_for(session, supporter)
    await ctx.messenger.send(chat, t.plural("duty.on", len(waiting), waiting=len(waiting)))
    await offers.offer_waiting(session, ctx, supporter)


async def toggle_pause(
    session: AsyncSession, ctx: Context, supporter: Supporter, chat: int, t: Translator
) -> None:
    """Stop or resume getting new requests without going off duty."""
    if not supporter.on_duty:
        await ctx.messenger.send(chat, t("pause.not-on-duty"))
        return
    supporter.accepting = not supporter.accepting
    await session.commit()
    if supporter.accepting:
        await ctx.messenger.send(chat, t("pause.resumed"))
        await offers.offer_waiting(session, ctx, supporter)
    else:
        await ctx.messenger.send(chat, t("pause.paused"))
