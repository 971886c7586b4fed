"""Button callback data: every action packs within Telegram's 64 bytes and unpacks to itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import actions

EXAMPLES = [
    actions.Accept(conversation=12),
    actions.EndConfirm(conversation=3, confirm=True),
    actions.Heard(conversation=2**31, score=5),
    actions.ComeBack(conversation=1, yes=False),
    actions.Route(conversation=9, message=123456),
    actions.Resource(conversation=4, resource=7),
    actions.Tag(conversation=4),
    actions.Forget(confirm=False),
    actions.Welcome(action="talk"),
    actions.LeaveMessage(yes=True, message=88),
    actions.Language(code="nb"),
    actions.Page(view="supporters", page=3),
    actions.Confirm(action="remove-closure", target=5, yes=True),
    actions.Choose(institution=2, message=41, talk=True),
]
KINDS = sorted({type(example) for example in EXAMPLES}, key=lambda kind: kind.prefix)


@pytest.mark.parametrize("action", EXAMPLES, ids=lambda action: type(action).__name__)
def test_round_trip(action: actions.Action) -> None:
    data = action.pack()
    assert len(data.encode()) <= 64
    assert type(action).unpack(data) == action


def test_same_format_as_before() -> None:
    # Buttons already in chats were packed by aiogram's CallbackData: "prefix:value:value".
    assert actions.EndConfirm(conversation=3, confirm=True).pack() == "end:3:1"
    assert actions.LeaveMessage(yes=False).pack() == "lvm:0:0"


def test_a_button_packed_before_a_field_was_added_still_works() -> None:
    # "Where do you study?" buttons sent before `talk` existed carry two values.
    assert actions.Choose.unpack("ins:2:41") == actions.Choose(institution=2, message=41)
    assert actions.Choose.unpack("ins:2") == actions.Choose(institution=2)
    assert actions.Choose.unpack("ins") is None
    assert actions.Choose.unpack("ins:2:41:1:9") is None


def test_prefixes_are_unique() -> None:
    assert len({kind.prefix for kind in KINDS}) == len(KINDS)


def test_another_kind_is_not_unpacked() -> None:
    assert actions.Accept.unpack(actions.Tag(conversation=4).pack()) is None


def test_a_value_with_a_colon_is_refused() -> None:
    with pytest.raises(ValueError):
        actions.Welcome(action="a:b").pack()


def test_too_long_data_is_refused() -> None:
    with pytest.raises(ValueError):
        actions.Page(view="x" * 70, page=1).pack()


@given(st.text(max_size=80))
def test_any_data_unpacks_or_is_none(data: str) -> None:
    for kind in KINDS:
        unpacked = kind.unpack(data)
        assert (
            unpacked is None or unpacked.pack() == data or kind.unpack(unpacked.pack()) == unpacked
        )
