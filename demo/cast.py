"""The demo's people: a student, two praatmaten and a coordinator, who joined as anyone joins."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.context import Context
from demo.botapi.chats import Message, Person
from demo.botapi.server import BotApiStandIn
from storage import repositories as repo

COORDINATOR_ID = 7000001
REPLY_TIMEOUT = 10.0
_INVITE = re.compile(r"\?start=([\w-]+)")


@dataclass(frozen=True)
class Phone:
    """One phone on the page: whose it is, their role and the title above it."""

    person: Person
    role: str  # "student", "supporter", "coordinator" or "practice" (a scripted student)
    title: str
    alias: str = ""


def cast(language: str) -> list[Phone]:
    """The people of a demo in one language (their Telegram names are not their aliases)."""
    return [
        Phone(Person(4200001, "Anna", "Peeters", language), "student", "Anna · student"),
        Phone(
            Person(5100001, "Lotte", "Maes", language), "supporter", "Robin · praatmaat", "Robin"
        ),
        Phone(Person(5100002, "Pieter", "Claes", language), "supporter", "Sam · praatmaat", "Sam"),
        Phone(
            Person(COORDINATOR_ID, "Coco", "Ordinator", language),
            "coordinator",
            "Coco · coordinator",
        ),
    ]


async def exchange(
    standin: BotApiStandIn, person: Person, text: str, replies: int = 1
) -> list[Message]:
    """Write `text` as `person` and wait for the bot's next `replies` messages to them."""
    chat = standin.join(person)
    before = len([m for m in chat.messages.values() if m.from_bot])
    await standin.write(person, {"text": text})

    def answered() -> list[Message]:
        return [m for m in chat.messages.values() if m.from_bot][before:]

    if not await standin.wait_for(lambda: len(answered()) >= replies, REPLY_TIMEOUT):
        raise RuntimeError(f"the bot did not answer {text!r} within {REPLY_TIMEOUT:.0f} s")
    return answered()


async def onboard(standin: BotApiStandIn, ctx: Context, phones: list[Phone]) -> None:
    """Invite the praatmaten who have not joined yet, let them pick their alias, put all on duty."""
    coordinator = next(phone.person for phone in phones if phone.role == "coordinator")
    newcomers = [phone for phone in phones if phone.alias and not await _joined(ctx, phone)]
    if newcomers:
        (links,) = await exchange(standin, coordinator, f"/invite {len(newcomers)}")
        for phone, token in zip(newcomers, _INVITE.findall(links.body), strict=True):
            await exchange(standin, phone.person, f"/start {token}")
            await exchange(standin, phone.person, phone.alias, replies=2)
    await back_on_duty(standin, ctx, phones)


async def back_on_duty(standin: BotApiStandIn, ctx: Context, phones: list[Phone]) -> None:
    """Every praatmaat of the cast who is off duty types /duty (while closed, the bot says no)."""
    for phone in phones:
        if phone.alias and not await _on_duty(ctx, phone):
            await exchange(standin, phone.person, "/duty")


async def _joined(ctx: Context, phone: Phone) -> bool:
    async with ctx.sessions() as session:
        return await repo.supporter_by_alias(session, phone.alias) is not None


async def _on_duty(ctx: Context, phone: Phone) -> bool:
    async with ctx.sessions() as session:
        supporter = await repo.supporter_by_alias(session, phone.alias)
        return supporter is not None and supporter.on_duty
