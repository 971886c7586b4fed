"""The heart of the bot: a student reaches an on-duty praatmaat and they talk anonymously."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import Conversation, Feedback
from tests.e2e.conftest import RunningBot, make_supporter
from tests.fake_telegram import FakeTelegram, FakeUser

MEDIA = ("photo", "voice", "audio", "video", "video_note", "sticker", "animation", "document")


async def on_duty(
    tg: FakeTelegram, coordinator: FakeUser, alias: str, user_id: int, language: str = "en"
) -> FakeUser:
    """A supporter who joined and went on duty."""
    supporter = await make_supporter(tg, coordinator, alias, user_id, language)
    await supporter.command("duty")
    await supporter.receives()
    return supporter


@pytest.mark.parametrize("language", ["en", "nl", "nb"])
async def test_happy_path(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser, language: str
) -> None:
    supporter = await on_duty(tg, coordinator, "Robin", 5100001, language)
    student = tg.user(
        id=4200001, first_name="Anna", last_name="Peeters", username="annap", language_code=language
    )

    await student.send("Hi, I had a rough week")
    queued = await student.receives()
    assert "1" in queued.text
    card = await supporter.receives()
    assert "rough week" in card.text
    await student.send("Are you there?")

    await supporter.press(card.button_texts[0])
    intro = await supporter.receives()
    assert "Student" in intro.text
    hello = await student.receives(containing="Robin")
    first = await supporter.receives()
    second = await supporter.receives()
    assert (first.text, second.text) == ("Hi, I had a rough week", "Are you there?")
    assert not first.forwarded and first.copied_from is not None

    reply = await supporter.reply(second.message_id, "Yes, I'm here. Tell me.")
    got = await student.receives()
    assert got.text == "Yes, I'm here. Tell me."
    await student.reply(got.message_id, "thanks")
    answer = await supporter.receives()
    assert answer.reply_to_message_id == reply.message_id

    for kind in MEDIA:
        await getattr(student, f"send_{kind}")()
        assert (await supporter.receives()).kind == kind
        await getattr(supporter, f"send_{kind}")()
        assert (await student.receives()).kind == kind
    album = await student.send_album(3)
    parts = [await supporter.receives() for _ in album]
    assert len({part.media_group_id for part in parts}) == 1 and parts[0].media_group_id

    original = await student.send("I feel sda")
    copy = await supporter.receives()
    await student.edit(original, "I feel sad")
    edited = await supporter.edited(copy)
    assert edited.text == "I feel sad"

    await student.command("end")
    await student.receives()
    await student.press(message=None, button_text=student.inbox[-1].button_texts[0])
    pseudonym = intro.text.split("Student ")[1].split()[0].strip(".,!")
    assert pseudonym in (await supporter.receives()).text
    await student.receives()
    feedback_question = await student.receives()
    await student.press("4", message=feedback_question)
    await student.edited(feedback_question)
    async with running.ctx.sessions() as session:
        row = await session.scalar(select(Feedback))
        assert row is not None and row.heard == 4
        assert (
            await session.scalar(select(func.count()).where(Conversation.status == "closed")) == 1
        )
    assert tg.count("forwardMessage") == 0
    assert hello.text


async def test_two_conversations_route_by_reply_or_picker(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Sam", 5100101)
    await coordinator.command("supporter", payload="Sam capacity 2")
    await coordinator.receives()
    supporter.mark_read()
    students = [tg.user(id=4200101 + n) for n in range(2)]
    for student in students:
        await student.send(f"I am student {student.id}")
        await student.receives()
        card = await supporter.receives(containing="waiting")
        await supporter.press(card.button_texts[0], message=card)
        await student.receives()
        await supporter.receives()
        await supporter.receives(containing=f"student {student.id}")
    await students[0].send("first one speaking")
    tagged = await supporter.receives()
    assert tagged.text == "first one speaking"
    assert tagged.button_texts and "Student" in tagged.button_texts[0]

    await supporter.reply(tagged.message_id, "answer for the first")
    assert (await students[0].receives()).text == "answer for the first"
    await students[1].nothing_more()

    await supporter.send("who gets this?")
    picker = await supporter.receives()
    assert len(picker.button_texts) == 2
    await supporter.press(picker.button_texts[1], message=picker)
    assert (await students[1].receives()).text == "who gets this?"
    await students[0].nothing_more()


async def test_going_off_duty_gives_a_shift_summary(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    supporter = await on_duty(tg, coordinator, "Kim", 5100201)
    await supporter.command("duty")
    assert "0 conversation" in (await supporter.receives()).text
