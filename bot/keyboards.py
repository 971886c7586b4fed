"""Inline keyboards and their callback data."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator


class Accept(CallbackData, prefix="acc"):
    """Accept a waiting request."""

    conversation: int


class EndConfirm(CallbackData, prefix="end"):
    """Confirm or keep a conversation."""

    conversation: int
    confirm: bool


class Heard(CallbackData, prefix="fbh"):
    """Feedback: did you feel heard (1-5)."""

    conversation: int
    score: int


class ComeBack(CallbackData, prefix="fbc"):
    """Feedback: would you come back."""

    conversation: int
    yes: bool


class Route(CallbackData, prefix="rt"):
    """Send a supporter's message to one of their conversations."""

    conversation: int
    message: int


class Resource(CallbackData, prefix="res"):
    """Send a referral resource to the student."""

    conversation: int
    resource: int


class Tag(CallbackData, prefix="tag"):
    """The label under a student's message when a praatmaat has several conversations."""

    conversation: int


class Forget(CallbackData, prefix="fgt"):
    """Confirm erasing the student's data."""

    confirm: bool


class Welcome(CallbackData, prefix="wel"):
    """Buttons under the welcome message."""

    action: str


class LeaveMessage(CallbackData, prefix="lvm"):
    """Leave a message while closed (with the id of the message that asked)."""

    yes: bool
    message: int = 0


class Language(CallbackData, prefix="lng"):
    """Pick a language."""

    code: str


class DutyOff(CallbackData, prefix="off"):
    """Go off duty after ending or transferring."""

    action: str


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """One inline button."""
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def rows(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of buttons."""
    return InlineKeyboardMarkup(inline_keyboard=list(rows))


def welcome(t: Translator) -> InlineKeyboardMarkup:
    """Talk / help now / language."""
    return rows(
        [button(t("button.talk"), Welcome(action="talk"))],
        [button(t("button.help-now"), Welcome(action="help"))],
        [button(t("button.language"), Welcome(action="language"))],
    )


def languages() -> InlineKeyboardMarkup:
    """The three languages, each in its own words."""
    return rows(
        [
            button("English", Language(code="en")),
            button("Nederlands", Language(code="nl")),
            button("Norsk", Language(code="nb")),
        ]
    )


def accept(t: Translator, conversation_id: int) -> InlineKeyboardMarkup:
    """The Accept button of a request card."""
    return rows([button(t("button.accept"), Accept(conversation=conversation_id))])


def confirm_end(t: Translator, conversation_id: int) -> InlineKeyboardMarkup:
    """End / keep talking."""
    return rows(
        [
            button(t("button.end-yes"), EndConfirm(conversation=conversation_id, confirm=True)),
            button(t("button.end-no"), EndConfirm(conversation=conversation_id, confirm=False)),
        ]
    )


def heard(conversation_id: int) -> InlineKeyboardMarkup:
    """1 to 5."""
    return rows(
        [
            button(str(score), Heard(conversation=conversation_id, score=score))
            for score in range(1, 6)
        ]
    )


def come_back(t: Translator, conversation_id: int) -> InlineKeyboardMarkup:
    """Yes / no."""
    return rows(
        [
            button(t("button.yes"), ComeBack(conversation=conversation_id, yes=True)),
            button(t("button.no"), ComeBack(conversation=conversation_id, yes=False)),
        ]
    )


def forget(t: Translator) -> InlineKeyboardMarkup:
    """Erase / keep."""
    return rows(
        [
            button(t("button.forget-yes"), Forget(confirm=True)),
            button(t("button.forget-no"), Forget(confirm=False)),
        ]
    )


def leave_message(t: Translator, message_id: int) -> InlineKeyboardMarkup:
    """Leave a message for when we open / no thanks."""
    return rows(
        [button(t("button.leave-message"), LeaveMessage(yes=True, message=message_id))],
        [button(t("button.no-thanks"), LeaveMessage(yes=False))],
    )


def tag(t: Translator, conversation_id: int, pseudonym: str) -> InlineKeyboardMarkup:
    """Who a relayed message is from, for a praatmaat talking with several students."""
    return rows([button(t("route.from", pseudonym=pseudonym), Tag(conversation=conversation_id))])


def route(pairs: list[tuple[str, int]], message_id: int) -> InlineKeyboardMarkup:
    """Pick the conversation a message is for."""
    return rows(
        *[[button(label, Route(conversation=cid, message=message_id))] for label, cid in pairs]
    )


def resources(pairs: list[tuple[str, int]], conversation_id: int) -> InlineKeyboardMarkup:
    """Pick a referral to send."""
    return rows(
        *[
            [button(title, Resource(conversation=conversation_id, resource=rid))]
            for title, rid in pairs
        ]
    )
