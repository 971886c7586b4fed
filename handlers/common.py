"""Everyone: /start (and invite links), /help, /privacy, /forget, language, unknown commands."""

from __future__ import annotations

import hashlib

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import conversations, keyboards, menus, safety
from bot.hours import describe_hours
from bot.i18n import Translator
from bot.opening import weekly_hours
from bot.outbox import quietly
from bot.runtime import Runtime
from handlers.filters import in_private_chat, is_command
from storage import repositories as repo
from storage.models import Person, Supporter

router = Router(name="common")
router.message.filter(in_private_chat, is_command)  # one check lets plain messages through


@router.message(CommandStart())
async def start(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    roles: frozenset[str],
    t: Translator,
) -> None:
    """Welcome, or join as a praatmaat when the link carries an invite token."""
    if command.args:
        await redeem(message, command.args.strip(), bot, session, rt, person, roles, t)
        return
    hours = describe_hours(await weekly_hours(session, rt), t, t.language)
    await message.answer(
        t("start.welcome", hours=hours, retention=rt.settings.RETENTION_DAYS),
        reply_markup=keyboards.welcome(t),
    )


async def redeem(
    message: Message,
    token: str,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    roles: frozenset[str],
    t: Translator,
) -> None:
    """Turn the person into a supporter if the invite is valid and unused."""
    if "supporter" in roles:
        await message.answer(t("invite.already-supporter"))
        return
    if await repo.open_conversation_of(session, person.id) is not None:
        await message.answer(t("invite.finish-conversation-first"))
        return
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    now = rt.clock.now()
    if not await repo.redeem_invite(session, token_hash, person.id, now):
        await message.answer(t("invite.invalid"))
        return
    existing = person.supporter
    if existing is not None:
        existing.status, existing.alias, existing.alias_key = "active", None, None
        existing.joined_at, existing.last_supervision_on = now, now.date()
    else:
        session.add(Supporter(person_id=person.id, joined_at=now, last_supervision_on=now.date()))
    await session.commit()
    await session.refresh(person)
    await message.answer(t("invite.welcome"))
    await menus.refresh(bot, rt, person)


@router.message(Command("help"))
async def help_(message: Message, roles: frozenset[str], t: Translator) -> None:
    """What the person can do here, by role."""
    parts = [t("help.student")] if "student" in roles else []
    if "supporter" in roles:
        parts.append(t("help.supporter"))
    if "coordinator" in roles:
        parts.append(t("help.coordinator"))
    await message.answer("\n\n".join(parts))


@router.message(Command("privacy"))
async def privacy(message: Message, rt: Runtime, t: Translator) -> None:
    """What is kept, for how long, and how to erase it."""
    await message.answer(t("privacy.text", retention=rt.settings.RETENTION_DAYS))


@router.message(Command("forget"))
async def forget(message: Message, roles: frozenset[str], t: Translator) -> None:
    """Ask the student to confirm erasing everything."""
    if "student" not in roles:
        await message.answer(t("forget.not-student"))
        return
    await message.answer(t("forget.confirm"), reply_markup=keyboards.forget(t))


@router.callback_query(keyboards.Forget.filter())
async def forget_confirmed(
    query: CallbackQuery,
    callback_data: keyboards.Forget,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
    roles: frozenset[str],
    t: Translator,
) -> None:
    """Erase the student (ending any conversation first) or keep everything."""
    await query.answer()
    if not callback_data.confirm or "student" not in roles:
        await _edit(query, t("forget.kept"))
        return
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        await conversations.finish(bot, session, rt, conversation, "forgotten", by_student=True)
    await repo.erase_student(session, person.id)
    await session.commit()
    await _edit(query, t("forget.done"))


@router.message(Command("language"))
async def language(message: Message, t: Translator) -> None:
    """Offer the three languages."""
    await message.answer(t("language.pick"), reply_markup=keyboards.languages())


@router.callback_query(keyboards.Language.filter())
async def language_set(
    query: CallbackQuery,
    callback_data: keyboards.Language,
    bot: Bot,
    session: AsyncSession,
    rt: Runtime,
    person: Person,
) -> None:
    """Store the chosen language and answer in it."""
    person.language = callback_data.code
    await session.commit()
    t = Translator(person.language)
    await query.answer()
    await _edit(query, t("language.set"))
    await menus.refresh(bot, rt, person)


@router.callback_query(keyboards.Welcome.filter(F.action == "help"))
async def help_now(query: CallbackQuery, session: AsyncSession, rt: Runtime, t: Translator) -> None:
    """ "I need help right now": the professional contacts, at any hour."""
    await query.answer()
    if query.message is not None:
        await query.message.answer(await safety.contacts_text(session, rt, t, "acute"))


@router.callback_query(keyboards.Welcome.filter(F.action == "language"))
async def language_button(query: CallbackQuery, t: Translator) -> None:
    """The language button under the welcome."""
    await query.answer()
    if query.message is not None:
        await query.message.answer(t("language.pick"), reply_markup=keyboards.languages())


@router.my_chat_member(F.new_chat_member.status == "kicked")
async def blocked(
    event: ChatMemberUpdated, bot: Bot, session: AsyncSession, rt: Runtime, person: Person
) -> None:
    """Someone blocked the bot: end what they had open and tell the other side kindly."""
    conversation = await repo.open_conversation_of(session, person.id)
    if conversation is not None:
        await conversations.student_unreachable(bot, session, rt, conversation)
    supporter = person.supporter
    if supporter is not None:
        for open_one in await repo.active_conversations_of(session, supporter.id):
            await conversations.transfer(
                bot, session, rt, open_one, None, reason_key="transfer.supporter-gone"
            )
        supporter.on_duty = False
        await session.commit()


async def _edit(query: CallbackQuery, text: str) -> None:
    message = query.message
    if isinstance(message, Message):
        await quietly(lambda: message.edit_text(text, reply_markup=None))


unknown = Router(name="unknown")
unknown.message.filter(in_private_chat)


@unknown.message(is_command)
async def unknown_command(message: Message, t: Translator) -> None:
    """Any command this person can't use is answered like an unknown command."""
    await message.answer(t("unknown.command"))


@unknown.callback_query()
async def stale_button(query: CallbackQuery, t: Translator) -> None:
    """A button that no longer does anything."""
    await query.answer(t("button.stale"))
