"""What is never relayed, and the answer its sender gets."""

from __future__ import annotations

from aiogram.types import Message

from bot import relay
from bot.i18n import Translator


async def refused(message: Message, t: Translator) -> bool:
    """Answer (and return True) for contacts, places, polls, dice, unknown kinds and blanks."""
    kind = relay.kind_of(message)
    if kind in relay.REFUSED:
        await message.answer(t(f"relay.refused-{kind}"))
    elif kind == "other":
        await message.answer(t("relay.unsupported"))
    elif relay.is_blank(message.text):
        await message.answer(t("relay.empty"))
    else:
        return False
    return True
