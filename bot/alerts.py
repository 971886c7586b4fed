"""Alerts to the humans on call: the crisis alert chat, or else every coordinator; never text."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions
from bot.context import Context
from bot.i18n import Translator
from bot.roles import chat_of
from storage import repositories as repo
from storage.models import Institution

log = logging.getLogger(__name__)


async def alert_humans(
    session: AsyncSession,
    ctx: Context,
    key: str,
    institution: Institution | None = None,
    n: int | None = None,
    **values: object,
) -> int:
    """Tell the institution's crisis alert chat, or else its coordinators; never message text."""
    alert_chat = institutions.alert_chat(ctx.settings, institution)
    if alert_chat is not None:
        language = institutions.language(ctx.settings, institution)
        text = _text(Translator(language), key, n, values)
        if (await ctx.messenger.send(alert_chat, text)).delivered:
            return 1
    return await alert_coordinators(session, ctx, key, institution, n, **values)


async def alert_coordinators(
    session: AsyncSession,
    ctx: Context,
    key: str,
    institution: Institution | None = None,
    n: int | None = None,
    **values: object,
) -> int:
    """Tell the network's coordinators and the institution's, each in their own language."""
    sent = 0
    for person in await repo.coordinators(session):
        if person.coordinates_id is not None and (
            institution is None or person.coordinates_id != institution.id
        ):
            continue
        text = _text(Translator(person.language), key, n, values)
        if (await ctx.messenger.send(chat_of(ctx, person), text)).delivered:
            sent += 1
    if not sent:
        log.warning("alert %s reached no coordinator", key)
    return sent


def _text(t: Translator, key: str, n: int | None, values: dict[str, object]) -> str:
    """The alert in one language; `n` picks the plural form where the text has one."""
    return t(key, **values) if n is None else t.plural(key, n, **values)
