"""Coordinators' numbers: the week's or month's summary with a chart, and the daily CSV."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram.filters import CommandObject
from aiogram.types import Message
from babel.numbers import format_decimal, format_percent
from sqlalchemy.ext.asyncio import AsyncSession

from bot import institutions, numbers, stats
from bot.context import Context
from bot.i18n import Translator
from handlers.coordinator import arguments
from storage.models import Institution, Person


def _minutes(value: timedelta | None) -> str:
    return "—" if value is None else f"{round(value.total_seconds() / 60)} min"


def _stats_text(
    summary: stats.Summary, period: str, start: datetime, end: datetime, t: Translator
) -> str:
    heard = (
        format_decimal(summary.heard_average, format="0.0", locale=t.language)
        if summary.heard_average is not None
        else "—"
    )
    come_back = (
        format_percent(summary.come_back_share, locale=t.language)
        if summary.come_back_share is not None
        else "—"
    )
    busiest = ", ".join(f"{hour:02d}:00 ({count})" for hour, count in summary.busiest_hours())
    return "\n".join(
        [
            t(
                f"coord.stats.header-{period}",
                start=start.date().isoformat(),
                end=end.date().isoformat(),
            ),
            t(
                "coord.stats.requests",
                requests=summary.requests,
                conversations=summary.conversations,
                unanswered=summary.unanswered,
            ),
            t(
                "coord.stats.waits",
                median=_minutes(summary.median_wait),
                p90=_minutes(summary.p90_wait),
            ),
            t("coord.stats.crisis", acute=summary.crisis_acute, concern=summary.crisis_concern),
            t.plural(
                "coord.stats.feedback",
                summary.feedback,
                count=summary.feedback,
                heard=heard,
                come_back=come_back,
            ),
            t("coord.stats.busiest", hours=busiest or "—"),
        ]
    )


async def stats_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """The week's or month's numbers (of the coordinator's institution), text and chart."""
    period = arguments.parse_period(command.args)
    scope = await institutions.scope(session, person)
    summary, start, end = await numbers.summary(session, ctx, period, scope)
    text = _stats_text(summary, period, start, end, t)
    charts = [(t(f"coord.chart.title-{period}"), summary.by_hour)]
    if await institutions.only_one(session) is None:
        text, more = await _per_institution(session, ctx, period, scope, t, text)
        charts += more
    await ctx.messenger.send(message.chat.id, text)
    for number, (title, by_hour) in enumerate(charts):
        png = await numbers.chart(by_hour, title, t("coord.chart.hour"), t("coord.chart.requests"))
        name = "praatmaat-stats.png" if not number else f"praatmaat-stats-{number}.png"
        await ctx.messenger.send_file(message.chat.id, name, png)


async def _per_institution(
    session: AsyncSession,
    ctx: Context,
    period: str,
    scope: Institution | None,
    t: Translator,
    text: str,
) -> tuple[str, list[tuple[str, tuple[int, ...]]]]:
    """The institution's heading, or the network's numbers with a line and a chart each."""
    if scope is not None:
        return f"{t('inst.heading', name=scope.name)}\n{text}", []
    lines, charts = [text, ""], []
    title = t(f"coord.chart.title-{period}")
    for institution in await institutions.listed(session):
        found, _, _ = await numbers.summary(session, ctx, period, institution)
        charts.append((f"{institution.name}: {title}", found.by_hour))
        lines.append(
            t(
                "inst.stats-line",
                name=institution.name,
                requests=found.requests,
                conversations=found.conversations,
                acute=found.crisis_acute,
            )
        )
    return "\n".join(lines), charts


async def export(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    ctx: Context,
    person: Person,
    t: Translator,
) -> None:
    """A CSV of daily anonymous numbers since the first request."""
    arguments.no_arguments(command.args, "export")
    scope = await institutions.scope(session, person)
    data, first, last = await numbers.export(session, ctx, person, scope)
    caption = t("coord.export.caption", first=first.isoformat(), last=last.isoformat())
    await ctx.messenger.send_file(
        message.chat.id, f"praatmaat-{last.isoformat()}.csv", data, caption
    )
