"""Updates reach the bot: long polling, offsets, allowed_updates, redelivery, webhooks."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.types import Message
from aiohttp import web

from tests.fake_telegram import FakeTelegram, FakeUser


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
