"""Parse modes: HTML and MarkdownV2 become text and entities, or a parse error."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from tests.fake_telegram import FakeUser


async def test_html_becomes_text_and_entities(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(
        anna.id, "<b>Hi</b> &lt;3 <a href='https://x.be'>link</a>", parse_mode="HTML"
    )
    message = await anna.receives()
    assert message.text == "Hi <3 link"
    assert [(e["type"], e["offset"], e["length"]) for e in message.entities] == [
        ("bold", 0, 2),
        ("text_link", 6, 4),
    ]


async def test_unescaped_user_text_in_html_is_rejected(bot: Bot, anna: FakeUser) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(anna.id, "Alias: <3 Kim", parse_mode="HTML")


async def test_markdown_v2_needs_reserved_characters_escaped(bot: Bot, anna: FakeUser) -> None:
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(anna.id, "*Hi* there.", parse_mode="MarkdownV2")
    await bot.send_message(anna.id, "*Hi* there\\.", parse_mode="MarkdownV2")
    message = await anna.receives()
    assert message.text == "Hi there."
    assert message.entities == [{"type": "bold", "offset": 0, "length": 2}]
