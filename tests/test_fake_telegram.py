"""The fake Bot API server, driven by a real aiogram Bot and by raw HTTP."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)
from aiohttp import web

from tests.fake_telegram import FakeTelegram, FakeUser

TOKEN = "123:abc"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    """A running fake server."""
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    """A real aiogram Bot pointed at the fake."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    bot = Bot(token=TOKEN, session=session)
    yield bot
    # Closing the aiohttp session first skips aiogram's fixed 250 ms grace sleep on close.
    await (await session.create_session()).close()
    await session.close()


@pytest.fixture
def anna(tg: FakeTelegram) -> FakeUser:
    """A Dutch-speaking student."""
    return tg.user(
        id=1001,
        first_name="Anna",
        last_name="Peeters",
        username="annap",
        language_code="nl",
        phone="+32470000001",
    )


@pytest.fixture
def ben(tg: FakeTelegram) -> FakeUser:
    """A supporter."""
    return tg.user(id=2002, first_name="Ben", language_code="en")


def keyboard(*texts: str) -> InlineKeyboardMarkup:
    """One row of callback buttons whose data is the lower-cased text."""
    buttons = [InlineKeyboardButton(text=t, callback_data=t.lower()) for t in texts]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123
    assert me.is_bot
    assert me.username == "praatmaat_test_bot"


async def test_long_poll_returns_a_message_as_soon_as_the_user_sends_it(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for(lambda: tg.count("getUpdates") == 1, message="the long poll arrives")
    assert not poll.done()
    sent = await anna.send("hallo")
    updates = await asyncio.wait_for(poll, timeout=2)
    assert [u.update_id for u in updates] == [sent.update_id]
    message = updates[0].message
    assert message is not None
    assert message.text == "hallo"
    assert message.from_user is not None
    assert message.from_user.language_code == "nl"
    assert message.chat.id == anna.id


async def test_long_poll_times_out_empty(bot: Bot, anna: FakeUser) -> None:
    assert await bot.get_updates(timeout=0) == []


async def test_offset_confirms_earlier_updates_and_limit_caps_the_batch(
    bot: Bot, anna: FakeUser
) -> None:
    for text in ("one", "two", "three"):
        await anna.send(text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1) == []


async def test_allowed_updates_filters_what_is_delivered(bot: Bot, anna: FakeUser) -> None:
    await anna.send("hi")
    await anna.block(notify=True)
    updates = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert len(updates) == 1
    member = updates[0].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"


async def test_user_commands_carry_a_bot_command_entity(bot: Bot, anna: FakeUser) -> None:
    await anna.command("start", payload="invite-token")
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.text == "/start invite-token"
    assert update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")


async def test_send_message_lands_in_the_inbox(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "Welkom bij Praatmaat", reply_markup=keyboard("Praat"))
    received = await anna.receives(containing="welkom")
    assert received.message_id == sent.message_id
    assert received.text == "Welkom bij Praatmaat"
    assert received.button_texts == ["Praat"]
    assert tg.inbox(anna.id) == [received]
    assert tg.count("sendMessage", chat_id=anna.id) == 1
    await anna.nothing_more(within=0.05)


async def test_receives_skips_to_the_matching_message_and_fails_with_the_inbox(
    bot: Bot, anna: FakeUser
) -> None:
    await bot.send_message(anna.id, "first")
    await bot.send_message(anna.id, "second")
    assert (await anna.receives(containing="SECOND")).text == "second"
    with pytest.raises(AssertionError, match="'second'"):
        await anna.receives(timeout=0.05)


async def test_nothing_more_fails_when_a_message_is_unread(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "surprise")
    with pytest.raises(AssertionError, match="surprise"):
        await anna.nothing_more(within=0.05)


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


async def test_too_long_or_empty_text_is_a_bad_request(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(anna.id, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(anna.id, "   ")
    await bot.send_message(anna.id, "x" * 4096)
    assert len(tg.inbox(anna.id)) == 1


async def test_unknown_chat_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999, "hello?")


async def test_blocked_user_makes_sends_forbidden(bot: Bot, anna: FakeUser) -> None:
    anna.block()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(anna.id, "still there?")
    anna.unblock()
    await bot.send_message(anna.id, "welcome back")
    assert (await anna.receives()).text == "welcome back"


async def test_user_who_never_started_the_bot_cannot_be_written_first(
    tg: FakeTelegram, bot: Bot
) -> None:
    stranger = tg.user(id=3003, started=False)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(stranger.id, "hi")
    await stranger.command("start")
    await bot.send_message(stranger.id, "hi")


async def test_rate_limit_answers_429_without_sending(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    tg.rate_limit(every=3, retry_after=1)
    await bot.send_message(anna.id, "1")
    await bot.send_message(anna.id, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(anna.id, "3")
    assert error.value.retry_after == 1
    await bot.send_message(anna.id, "3 again")
    assert [m.text for m in anna.inbox] == ["1", "2", "3 again"]
    assert tg.count("sendMessage") == 4
    assert [f.error_code for f in tg.failures] == [429]


async def test_fail_next_is_a_one_off(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(anna.id, "once")
    await bot.send_message(anna.id, "twice")
    assert [m.text for m in anna.inbox] == ["twice"]


def test_retry_after_zero_is_refused_because_aiogram_would_not_see_a_retry(
    tg: FakeTelegram,
) -> None:
    with pytest.raises(ValueError, match="retry_after"):
        tg.fail_next("sendMessage", 429, retry_after=0)


async def test_copy_message_copies_content_without_forward_info(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    earlier = await bot.send_message(ben.id, "Student K7 is waiting")
    photo = await anna.send_photo(caption="mijn kamer")
    copied = await bot.copy_message(
        ben.id,
        anna.id,
        photo.message_id,
        reply_parameters=ReplyParameters(message_id=earlier.message_id),
    )
    [_, message] = ben.inbox
    assert message.message_id == copied.message_id
    assert message.photo == photo.photo
    assert message.caption == "mijn kamer"
    assert not message.forwarded
    assert message.raw["from"]["is_bot"]
    assert message.reply_to_message_id == earlier.message_id
    assert message.copied_from == (anna.id, photo.message_id)
    assert tg.count("forwardMessage") == 0


async def test_copy_message_can_replace_the_caption_and_add_a_keyboard(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    voice = await anna.send_voice(caption="luister")
    await bot.copy_message(
        ben.id,
        anna.id,
        voice.message_id,
        caption="<i>nieuw</i>",
        parse_mode="HTML",
        reply_markup=keyboard("OK"),
    )
    message = await ben.receives()
    assert message.voice == voice.voice
    assert message.caption == "nieuw"
    assert message.entities == [{"type": "italic", "offset": 0, "length": 5}]
    assert message.button_texts == ["OK"]


async def test_copying_a_missing_message_is_a_bad_request(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(ben.id, anna.id, 42)


async def test_copy_messages_keeps_an_album_together(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    album = await anna.send_album(n=3, caption="vakantie")
    ids = await bot.copy_messages(ben.id, anna.id, [m.message_id for m in album])
    copies = ben.inbox
    assert [m.message_id for m in copies] == [i.message_id for i in ids]
    assert len({m.media_group_id for m in copies}) == 1
    assert copies[0].media_group_id not in (None, album[0].media_group_id)
    assert [m.caption for m in copies] == ["vakantie", None, None]


async def test_album_arrives_in_one_batch(bot: Bot, anna: FakeUser) -> None:
    await anna.send_album(n=4, kind="video")
    updates = await bot.get_updates()
    groups = {u.message.media_group_id for u in updates if u.message}
    assert len(updates) == 4
    assert len(groups) == 1


async def test_forward_is_recorded_and_shows_its_origin(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    sent = await anna.send("secret")
    await bot.forward_message(ben.id, anna.id, sent.message_id)
    assert tg.count("forwardMessage") == 1
    assert (await ben.receives()).forwarded


async def test_send_photo_upload_is_stored_and_downloadable(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    png = b"\x89PNG\r\n\x1a\nchart"
    sent = await bot.send_photo(anna.id, BufferedInputFile(png, "stats.png"), caption="Week")
    message = await anna.receives()
    assert message.kind == "photo"
    assert message.caption == "Week"
    assert tg.file_bytes(message.photo or "") == png
    assert sent.photo is not None
    buffer = io.BytesIO()
    await bot.download(sent.photo[-1].file_id, destination=buffer)
    assert buffer.getvalue() == png


async def test_send_document_keeps_its_name(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    await bot.send_document(anna.id, BufferedInputFile(b"a,b\n1,2\n", "export.csv"))
    message = await anna.receives()
    assert message.raw["document"]["file_name"] == "export.csv"
    assert tg.file_bytes(message.document or "") == b"a,b\n1,2\n"


async def test_resending_a_users_file_id_works_and_unknown_ids_fail(
    bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    sticker = await anna.send_sticker()
    await bot.send_sticker(ben.id, sticker.sticker or "")
    assert (await ben.receives()).sticker == sticker.sticker
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_voice(ben.id, "no-such-file")


async def test_send_media_group_with_uploads(bot: Bot, anna: FakeUser) -> None:
    media = [
        InputMediaPhoto(media=BufferedInputFile(b"one", "1.jpg"), caption="two photos"),
        InputMediaPhoto(media=BufferedInputFile(b"two", "2.jpg")),
    ]
    sent = await bot.send_media_group(anna.id, media)
    assert len(sent) == 2
    first, second = anna.inbox
    assert first.media_group_id == second.media_group_id is not None
    assert first.caption == "two photos"


async def test_commands_per_chat_scope_make_the_users_menu(
    tg: FakeTelegram, bot: Bot, anna: FakeUser, ben: FakeUser
) -> None:
    await bot.set_my_commands([BotCommand(command="talk", description="Talk")])
    await bot.set_my_commands(
        [BotCommand(command="praat", description="Praat")], language_code="nl"
    )
    await bot.set_my_commands(
        [BotCommand(command="duty", description="On/off duty")],
        scope=BotCommandScopeChat(chat_id=ben.id),
    )
    assert ben.menu() == {"duty": "On/off duty"}
    assert anna.menu() == {"praat": "Praat"}
    assert anna.menu(language_code="en") == {"talk": "Talk"}
    stored = await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=ben.id))
    assert [c.command for c in stored] == ["duty"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=ben.id))
    assert ben.menu() == {"talk": "Talk"}


async def test_invalid_command_names_are_rejected(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Talk", description="Talk")])


async def test_edit_updates_the_message_and_keeps_history(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    sent = await bot.send_message(anna.id, "New request", reply_markup=keyboard("Accept"))
    message = await anna.receives()
    await bot.edit_message_text("Taken", chat_id=anna.id, message_id=sent.message_id)
    assert message.text == "Taken"
    assert message.button_texts == []
    assert message.history[0]["text"] == "New request"
    assert tg.edits[-1].by_bot
    assert (await anna.edited(message, containing="taken")) is message


async def test_edit_with_identical_content_is_not_modified(bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "Same", reply_markup=keyboard("Yes"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Same", chat_id=anna.id, message_id=sent.message_id, reply_markup=keyboard("Yes")
        )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=anna.id, message_id=sent.message_id, reply_markup=keyboard("Yes")
        )


async def test_editing_unknown_or_foreign_messages_fails(bot: Bot, anna: FakeUser) -> None:
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=77)
    own = await anna.send("mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=anna.id, message_id=own.message_id)


async def test_edit_caption_of_a_photo(bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_photo(anna.id, BufferedInputFile(b"img", "a.jpg"), caption="old")
    await bot.edit_message_caption(chat_id=anna.id, message_id=sent.message_id, caption="new")
    assert (await anna.receives()).caption == "new"


async def test_press_and_answer_show_a_toast(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Talk now?", reply_markup=keyboard("Yes", "No"))
    query_id = await anna.press("yes")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.id == query_id
    assert query.data == "yes"
    assert isinstance(query.message, Message)
    assert query.message.text == "Talk now?"
    await bot.answer_callback_query(query_id, text="Looking for someone", show_alert=True)
    toast = await anna.toast()
    assert toast.text == "Looking for someone"
    assert toast.show_alert
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)


async def test_press_by_callback_data_on_an_older_message(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Rate 1-5", reply_markup=keyboard("1", "5"))
    await bot.send_message(anna.id, "Come back?", reply_markup=keyboard("Yes"))
    rating, _ = anna.inbox
    assert rating.button("5")["callback_data"] == "5"
    await anna.press(callback_data="5", message=rating)
    [update] = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "5"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == rating.message_id


async def test_pressing_a_missing_button_fails_with_the_chat(bot: Bot, anna: FakeUser) -> None:
    await bot.send_message(anna.id, "Pick", reply_markup=keyboard("A"))
    with pytest.raises(AssertionError, match="no inline button 'Accept'"):
        await anna.press("Accept")


async def test_simultaneous_presses_arrive_in_one_batch(tg: FakeTelegram, bot: Bot) -> None:
    supporters = [tg.user(id=5000 + i, first_name=f"S{i}") for i in range(4)]
    for supporter in supporters:
        await bot.send_message(supporter.id, "Request K7", reply_markup=keyboard("Accept"))
    await asyncio.gather(*(s.press("Accept") for s in supporters))
    updates = await bot.get_updates()
    assert len(updates) == 4
    assert {u.callback_query.from_user.id for u in updates if u.callback_query} == {
        s.id for s in supporters
    }


async def test_user_edit_and_reply(bot: Bot, anna: FakeUser) -> None:
    from_bot = await bot.send_message(anna.id, "How are you?")
    answer = await anna.reply(from_bot.message_id, "okay")
    await anna.edit(answer, "not okay")
    first, second = await bot.get_updates()
    assert first.message is not None
    assert first.message.reply_to_message is not None
    assert first.message.reply_to_message.text == "How are you?"
    assert second.edited_message is not None
    assert second.edited_message.text == "not okay"
    assert second.edited_message.edit_date is not None


async def test_every_kind_of_user_message_parses_in_aiogram(bot: Bot, anna: FakeUser) -> None:
    await anna.send_photo()
    await anna.send_voice()
    await anna.send_audio()
    await anna.send_video()
    await anna.send_video_note()
    await anna.send_sticker()
    await anna.send_animation()
    await anna.send_document()
    await anna.send_contact()
    await anna.send_location()
    await anna.send_venue()
    await anna.send_poll()
    await anna.send_dice()
    updates = await bot.get_updates()
    kinds = [u.message.content_type for u in updates if u.message]
    assert kinds == [
        "photo",
        "voice",
        "audio",
        "video",
        "video_note",
        "sticker",
        "animation",
        "document",
        "contact",
        "location",
        "venue",
        "poll",
        "dice",
    ]


async def test_redelivered_update_comes_again_after_confirmation(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    sent = await anna.send("once")
    [update] = await bot.get_updates()
    assert sent.update_id is not None
    await tg.redeliver(sent.update_id)
    [again] = await bot.get_updates(offset=update.update_id + 1)
    assert again.update_id == update.update_id
    assert await bot.get_updates(offset=update.update_id + 1) == []


async def test_group_chat_receives_alerts(tg: FakeTelegram, bot: Bot) -> None:
    alerts = tg.chat(id=-100123, type="supergroup", title="On call")
    await bot.send_message(-100123, "Crisis: Student K7")
    assert (await alerts.receives(containing="K7")).text == "Crisis: Student K7"
    assert tg.inbox(-100123)[0].chat_id == -100123
    coordinator = tg.user(id=7001, first_name="Coco")
    await coordinator.send("I'll call", chat=alerts)
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.chat.type == "supergroup"
    assert update.message.from_user is not None
    assert update.message.from_user.id == 7001


async def test_reply_keyboard_is_shown_until_removed(bot: Bot, anna: FakeUser) -> None:
    rows = [[KeyboardButton(text="English"), KeyboardButton(text="Nederlands")]]
    await bot.send_message(anna.id, "Language?", reply_markup=ReplyKeyboardMarkup(keyboard=rows))
    assert anna.keyboard() == [["English", "Nederlands"]]
    await bot.send_message(anna.id, "Done", reply_markup=ReplyKeyboardRemove())
    assert anna.keyboard() is None
    assert [m.raw.get("reply_markup") for m in anna.inbox] == [None, None]


async def test_get_chat_of_a_user(bot: Bot, anna: FakeUser) -> None:
    chat = await bot.get_chat(anna.id)
    assert chat.type == "private"
    assert chat.first_name == "Anna"


async def test_a_server_with_a_token_refuses_others() -> None:
    async with FakeTelegram(token="42:right") as server, aiohttp.ClientSession() as http:
        async with http.post(f"{server.base_url}/bot42:wrong/getMe") as response:
            assert response.status == 401
        async with http.post(f"{server.base_url}/bot42:right/getMe") as response:
            assert (await response.json())["result"]["id"] == 42


async def test_delete_message_flags_it(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    sent = await bot.send_message(anna.id, "oops")
    await bot.delete_message(anna.id, sent.message_id)
    assert tg.inbox(anna.id)[0].deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(anna.id, sent.message_id)


async def test_polling_dispatcher_echoes_by_copy(
    tg: FakeTelegram, bot: Bot, anna: FakeUser
) -> None:
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.send_copy(message.chat.id)

    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    try:
        await anna.send("ping")
        assert (await anna.receives()).text == "ping"
        await anna.send_photo(caption="pic")
        assert (await anna.receives()).caption == "pic"
    finally:
        await dispatcher.stop_polling()
        await polling


async def test_raw_http_json_form_and_errors(tg: FakeTelegram, anna: FakeUser) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{tg.base_url}/bot{TOKEN}"
        async with http.post(f"{url}/sendMessage", json={"chat_id": anna.id, "text": "json"}) as r:
            assert (await r.json())["result"]["text"] == "json"
        form = {"chat_id": str(anna.id), "text": "123", "reply_markup": '{"inline_keyboard": []}'}
        async with http.post(f"{url}/sendMessage", data=form) as r:
            assert (await r.json())["result"]["text"] == "123"
        async with http.post(f"{url}/sendMessage", json={"chat_id": 4, "text": "x"}) as r:
            assert r.status == 400
            assert await r.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
        async with http.post(f"{url}/frobnicate") as r:
            assert r.status == 404
            assert (await r.json())["description"] == "Not Found: method not found"
        async with http.get(f"{tg.base_url}/nonsense") as r:
            assert r.status == 404
    assert [m.text for m in anna.inbox] == ["json", "123"]


async def test_webhook_mode_pushes_updates(tg: FakeTelegram, bot: Bot, anna: FakeUser) -> None:
    received: list[tuple[dict[str, object], str | None]] = []
    arrived = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        arrived.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        await anna.send("via webhook")
        await asyncio.wait_for(arrived.wait(), timeout=2)
        [(update, secret)] = received
        assert update["message"]["text"] == "via webhook"  # type: ignore[index]
        assert secret == "s3cret"
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        await bot.delete_webhook()
    finally:
        await runner.cleanup()
