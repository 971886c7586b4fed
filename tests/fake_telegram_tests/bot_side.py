"""The bot's side of these tests: its token and the inline keyboards it sends."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

TOKEN = "123:abc"


def keyboard(*texts: str) -> InlineKeyboardMarkup:
    """One row of callback buttons whose data is the lower-cased text."""
    buttons = [InlineKeyboardButton(text=t, callback_data=t.lower()) for t in texts]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])
