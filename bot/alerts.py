"""Alerts to the humans on call: the crisis alert chat, or else every coordinator; never text."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from storage import repositories as repo

log = logging.getLogger(__name__)


async def alert_humans(
    session: AsyncSession, ctx: Context, key: str, n: int | None = None, **values: object
) -> int:
    """Tell the crisis alert chat, or else every coordinator; never includes message text."""
    alert_chat = ctx.settings.CRISIS_ALERT_CHAT_ID
    if alert_chat is not None:
        text = _text(Translator(ctx.settings.DEFAULT_LANGUAGE), key, n, values)
        if (await ctx.messenger.send(alert_chat, text)).delivered:
            return 1
    return await alert_coordinators(session, ctx, key, n, **values)


async def alert_coordinators(
    session: AsyncSession, ctx: Context, key: str, n: int | None = None, **values: object
) -> int:
    """Tell every coordinator, each in their own language."""
    sent = 0
    for person in await repo.coordinators(session):
        text = _text(Translator(person.language), key, n, values)
        if (await ctx.messenger.send(chat_of(ctx, person), text)).delivered:
            sent += 1
    if not sent:
        log.warning("alert %s reached no coordinator", key)
    return sent


def _text(t: Translator, key: str, n: int | None, values: dict[str, object]) -> str:
    """The alert in one language; `n` picks the plural form where the text has one."""
    return t(key, **values) if n is None else t.plural(key, n, **values)
