"""Hypothesis strategies for the updates a bot should survive: malformed, unexpected, forged.

Each update is built from independent draws (no flatmap: a strategy built per draw costs
milliseconds, and the fuzzer draws ten thousand updates); `damaged` breaks one in eight parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.e2e.bad_parts import (
    BOT,
    COMMANDS,
    CONTENTS,
    EXTRAS,
    FAR,
    GLYPHS,
    JSON,
    NAMES,
    ODD_VALUES,
    OTHER_KINDS,
    PREFIXES,
    SAFE_COMMANDS,
    STATUSES,
)


@dataclass(frozen=True)
class World:
    """Who is in the bot: the one conversation to keep intact, and everyone around it."""

    student: int
    supporter: int
    coordinator: int
    bystanders: tuple[int, ...]  # known to the bot and the fake: strangers, another praatmaat
    conversation: int


@dataclass(frozen=True)
class Inject:
    """An update of any shape, queued as Telegram would send it."""

    content: JSON


@dataclass(frozen=True)
class Redeliver:
    """An earlier update sent again (the n-th, counted modulo how many there were)."""

    n: int


@dataclass(frozen=True)
class Says:
    """A participant of the conversation writes an odd but real message (relayed or refused)."""

    student: bool
    text: str


Damage = tuple[int, int, object]
Move = Inject | Redeliver | Says


def damage() -> st.SearchStrategy[Damage]:
    """How to break a part: one draw in eight drops a field or gives it an odd value."""
    return st.tuples(st.integers(0, 15), st.integers(0, 31), st.sampled_from(ODD_VALUES))


def damaged(part: JSON, how: Damage) -> Any:
    """The part as it was (7 in 8), without one field, or with one field odd."""
    roll, pick, value = how
    if roll > 1 or not part:
        return part
    field = sorted(part)[pick % len(part)]
    if roll == 0:
        return {key: item for key, item in part.items() if key != field}
    return {**part, field: value}


def huge_texts() -> st.SearchStrategy[str]:
    """Texts of 4,000 to 6,000 characters of one glyph (over Telegram's 4,096 limit or near)."""
    return st.builds(lambda g, n: g * n, st.sampled_from(GLYPHS), st.integers(4000, 6000))


def odd_texts() -> st.SearchStrategy[str]:
    """Short texts of any code point, lone surrogates and control characters included."""
    return st.one_of(
        st.text(max_size=30),
        st.text(st.characters(categories=["Cc", "Cf", "Cs", "Co", "Mn", "Zl", "Zp"]), max_size=12),
        st.sampled_from(["", " ", "\n\n", "/", "//", "/ start", "\u0000", "🙂" * 50]),
    )


def commands(names: tuple[str, ...] = COMMANDS) -> st.SearchStrategy[str]:
    """A command with garbage arguments."""
    return st.builds(lambda n, args: f"/{n} {args}".rstrip(), st.sampled_from(names), odd_texts())


def users(world: World) -> st.SearchStrategy[JSON]:
    """A sender: bystanders, the coordinator, users the bot never saw, bots; some half broken."""
    return st.builds(
        lambda i, name, bot, lang, how: damaged(
            {"id": i, "is_bot": bot, "first_name": name, "language_code": lang}, how
        ),
        st.one_of(
            st.integers(1, 2**40), *[st.sampled_from((*world.bystanders, world.coordinator))] * 3
        ),
        st.sampled_from(NAMES),
        st.integers(0, 9).map(lambda n: n == 0),
        st.sampled_from(["en", "nl", "nb", "de", "", "xx-YY"]),
        damage(),
    )


def chat_of(sender: object, kind: str, number: int) -> JSON:
    """The sender's private chat, someone else's, or a group or channel."""
    if kind == "own" and isinstance(sender, dict):
        return {"id": sender.get("id"), "type": "private", "first_name": "x"}
    if kind in ("own", "private"):
        return {"id": number, "type": "private"}
    return {"id": -number, "type": kind, "title": "g"}


def contents() -> st.SearchStrategy[JSON]:
    """A message's content: text, media with any caption, kinds refused or never heard of."""
    caption = st.one_of(odd_texts(), huge_texts())
    media = st.sampled_from(["document", "voice", "audio", "video", "sticker", "animation"])
    file = {"file_id": "f", "file_unique_id": "u"}
    command = {"type": "bot_command", "offset": 0, "length": 9}
    return st.one_of(
        st.builds(lambda text: {"text": text}, st.one_of(odd_texts(), huge_texts())),
        st.builds(lambda text: {"text": text, "entities": [command]}, commands()),
        st.builds(lambda c: {"photo": [{**file, "width": 1, "height": 1}], "caption": c}, caption),
        st.builds(lambda kind, c: {kind: file, "caption": c}, media, caption),
        st.sampled_from(CONTENTS),
    )


def messages(world: World) -> st.SearchStrategy[JSON]:
    """A message from anyone, anywhere (ids far from the real ones), maybe broken."""

    def build(sender: JSON, kind: str, number: int, body: JSON, n: int, extra: JSON, how: Damage):
        chat = chat_of(sender, kind, number)
        head = {"message_id": n, "date": 1_790_000_000, "from": sender, "chat": chat}
        return damaged(head | body | extra, how)

    return st.builds(
        build,
        users(world),
        st.sampled_from(["own", "own", "own", "private", "group", "supergroup", "channel"]),
        st.integers(1, 2**40),
        contents(),
        st.integers(FAR, 2 * FAR),
        st.sampled_from(EXTRAS),
        damage(),
    )


def edits(world: World) -> st.SearchStrategy[JSON]:
    """An edit of a message the bot never saw, by anyone; the participants' too."""

    def own(who: int, body: JSON, n: int) -> JSON:
        sender = {"id": who, "is_bot": False, "first_name": "x"}
        chat = {"id": who, "type": "private"}
        return {"message_id": n, "date": 0, "edit_date": 1, "from": sender, "chat": chat} | body

    participant = st.sampled_from([world.student, world.supporter])
    mine = st.builds(own, participant, contents(), st.integers(FAR, 2 * FAR))
    return st.one_of(messages(world), mine).map(lambda m: {"edited_message": m})


def forged_data(world: World) -> st.SearchStrategy[str]:
    """Callback data of every button kind with made-up values, and plain garbage."""
    number = st.one_of(
        st.just(world.conversation), st.integers(-3, 12), st.integers(-(2**70), 2**70)
    )
    words = ["0", "1", "talk", "help", "language", "ban", "remove-supporter", "x"]
    value = st.one_of(number.map(str), st.sampled_from(words), odd_texts())
    packed = st.builds(
        lambda prefix, values: ":".join([prefix, *values]),
        st.sampled_from(PREFIXES),
        st.lists(value, max_size=4),
    )
    return st.one_of(packed, packed, packed, st.text(max_size=80), st.sampled_from(["", ":"]))


def harmless(data: str) -> bool:
    """Not a press with which a participant ends their own conversation or repeats a message."""
    kind, *values = data.split(":")
    if kind in ("end", "fgt") and values and values[-1] == "1":
        return False
    return not (kind == "rt" and len(values) == 2 and values[1].isdigit() and int(values[1]) < FAR)


def callbacks(world: World) -> st.SearchStrategy[JSON]:
    """A button press with forged data, by anyone, under a message or none."""
    # Made up by pressers the bot knows (the participants, the coordinator) or does not know;
    # the coordinator's confirmations are left out: a coordinator may remove and ban for real.
    pressers = st.one_of(
        users(world),
        st.sampled_from([world.student, world.supporter, world.coordinator]).map(
            lambda who: {"id": who, "is_bot": False, "first_name": "p"}
        ),
    )
    under = st.sampled_from(["card", "bare", "inline", "none"])

    def press(sender: object, data: str, where: str, how: Damage) -> JSON | None:
        who = sender.get("id") if isinstance(sender, dict) else None
        if who in (world.student, world.supporter) and not harmless(data):
            return None
        if who == world.coordinator and data.startswith("cfm:"):
            return None
        query = {"id": "q", "from": sender, "chat_instance": "ci", "data": data}
        chat = {"id": who, "type": "private"}
        if where == "card":
            query["message"] = {"message_id": FAR, "date": 1, "chat": chat, "text": "old card"}
        elif where == "bare":
            query["message"] = {"message_id": FAR, "date": 0, "chat": chat}
        elif where == "inline":
            query["inline_message_id"] = "im"
        return {"callback_query": damaged(query, how)}

    built = st.builds(press, pressers, forged_data(world), under, damage())
    return built.filter(lambda update: update is not None)


def member_updates(world: World) -> st.SearchStrategy[JSON]:
    """The bot added to, removed from or blocked in chats; the participants only in groups."""

    def change(sender: object, kind: str, number: int, old: str, new: str) -> JSON:
        who = sender.get("id") if isinstance(sender, dict) else None
        if who in (world.student, world.supporter) and kind in ("own", "private"):
            kind = "supergroup"
        member = {"chat": chat_of(sender, kind, number), "from": sender, "date": 0}
        member["old_chat_member"] = {"status": old, "user": BOT}
        member["new_chat_member"] = {"status": new, "user": BOT, "until_date": 0}
        return {"my_chat_member": member}

    participant = st.sampled_from([world.student, world.supporter]).map(
        lambda who: {"id": who, "is_bot": False, "first_name": "p"}
    )
    return st.builds(
        change,
        st.one_of(users(world), participant),
        st.sampled_from(["own", "private", "group", "supergroup"]),
        st.integers(1, 99),
        st.sampled_from(STATUSES),
        st.sampled_from(STATUSES),
    )


def other_updates() -> st.SearchStrategy[JSON]:
    """Update kinds the bot never asked for, some of which no Bot API version has."""
    garbage = st.one_of(
        st.just({}), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)
    )
    built = st.builds(lambda kind, value: {kind: value}, st.sampled_from(OTHER_KINDS), garbage)
    return st.one_of(built, st.just({}))


def says() -> st.SearchStrategy[Says]:
    """A participant writes something odd: huge, strange, blank, or a command they can't use."""
    text = st.one_of(odd_texts(), huge_texts(), commands(SAFE_COMMANDS))
    return st.builds(Says, st.booleans(), text.filter(lambda t: "§" not in t))


def moves(world: World) -> st.SearchStrategy[Move]:
    """One bad-input move (messages and presses the most, as in real traffic)."""
    injected = st.one_of(
        messages(world).map(lambda m: {"message": m}),
        messages(world).map(lambda m: {"message": m}),
        edits(world),
        callbacks(world),
        callbacks(world),
        member_updates(world),
        other_updates(),
    )
    return st.one_of(*[injected.map(Inject)] * 5, st.integers(0, 10**6).map(Redeliver), says())
