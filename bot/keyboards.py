"""Inline keyboards as plain rows of buttons (the Telegram adapter draws them)."""

from __future__ import annotations

from bot import actions
from bot.i18n import Translator
from bot.messenger import Button, Keyboard


def welcome(t: Translator) -> Keyboard:
    """Talk / help now / language."""
    return [
        [Button(t("button.talk"), actions.Welcome(action="talk"))],
        [Button(t("button.help-now"), actions.Welcome(action="help"))],
        [Button(t("button.language"), actions.Welcome(action="language"))],
    ]


def languages() -> Keyboard:
    """The three languages, each in its own words."""
    return [
        [
            Button("English", actions.Language(code="en")),
            Button("Nederlands", actions.Language(code="nl")),
            Button("Norsk", actions.Language(code="nb")),
        ]
    ]


def institutions(choices: list[tuple[str, int]], message_id: int, talk: bool) -> Keyboard:
    """One button per institution, by its name (the choice then opens a request if `talk`)."""
    return [[Button(name, actions.Choose(number, message_id, talk))] for name, number in choices]


def accept(t: Translator, conversation_id: int) -> Keyboard:
    """The Accept button of a request card."""
    return [[Button(t("button.accept"), actions.Accept(conversation=conversation_id))]]


def confirm_end(t: Translator, conversation_id: int) -> Keyboard:
    """End / keep talking."""
    return [
        [
            Button(t("button.end-yes"), actions.EndConfirm(conversation_id, confirm=True)),
            Button(t("button.end-no"), actions.EndConfirm(conversation_id, confirm=False)),
        ]
    ]


def pick_end(t: Translator, pairs: list[tuple[str, int]]) -> Keyboard:
    """Which conversation to end, one button per pseudonym."""
    return [
        [Button(t("end.pick", pseudonym=pseudonym), actions.EndConfirm(cid, confirm=True))]
        for pseudonym, cid in pairs
    ]


def heard(conversation_id: int) -> Keyboard:
    """1 to 5."""
    return [[Button(str(score), actions.Heard(conversation_id, score)) for score in range(1, 6)]]


def come_back(t: Translator, conversation_id: int) -> Keyboard:
    """Yes / no."""
    return [
        [
            Button(t("button.yes"), actions.ComeBack(conversation_id, yes=True)),
            Button(t("button.no"), actions.ComeBack(conversation_id, yes=False)),
        ]
    ]


def forget(t: Translator) -> Keyboard:
    """Erase / keep."""
    return [
        [
            Button(t("button.forget-yes"), actions.Forget(confirm=True)),
            Button(t("button.forget-no"), actions.Forget(confirm=False)),
        ]
    ]


def leave_message(t: Translator, message_id: int) -> Keyboard:
    """Leave a message for when we open / no thanks."""
    return [
        [Button(t("button.leave-message"), actions.LeaveMessage(yes=True, message=message_id))],
        [Button(t("button.no-thanks"), actions.LeaveMessage(yes=False))],
    ]


def tag(t: Translator, conversation_id: int, pseudonym: str) -> Keyboard:
    """Who a relayed message is from, for a praatmaat talking with several students."""
    return [[Button(t("route.from", pseudonym=pseudonym), actions.Tag(conversation_id))]]


def route(t: Translator, pairs: list[tuple[str, int]], message_id: int) -> Keyboard:
    """Pick the conversation a message is for."""
    return [
        [Button(t("route.to", pseudonym=pseudonym), actions.Route(cid, message_id))]
        for pseudonym, cid in pairs
    ]


def resources(pairs: list[tuple[str, int]], conversation_id: int) -> Keyboard:
    """Pick a referral to send."""
    return [[Button(title, actions.Resource(conversation_id, rid))] for title, rid in pairs]


def confirm(t: Translator, action: str, target: int, yes_key: str) -> Keyboard:
    """Do it / cancel."""
    return [
        [
            Button(t(yes_key), actions.Confirm(action, target, yes=True)),
            Button(t("coord.button.cancel"), actions.Confirm(action, target, yes=False)),
        ]
    ]


def pages(view: str, page: int, count: int) -> Keyboard:
    """◀ / ▶ around one page of a list of `count` pages."""
    row = []
    if page > 0:
        row.append(Button("◀", actions.Page(view, page - 1)))
    if page < count - 1:
        row.append(Button("▶", actions.Page(view, page + 1)))
    return [row]
