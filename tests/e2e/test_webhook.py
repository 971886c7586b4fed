"""Webhook mode: Telegram posts updates to WEBHOOK_URL with the secret token."""

from __future__ import annotations

import json

import aiohttp
import pytest

from tests.e2e.conftest import RunningBot
from tests.e2e.endpoints import free_port, get, sample
from tests.e2e.test_robustness import talking
from tests.fake_telegram import FakeTelegram, FakeUser

PORT = free_port()


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Webhook mode on a local port, with a secret."""
    return {
        "WEBHOOK_URL": f"http://127.0.0.1:{PORT}/hook/telegram",
        "WEBHOOK_PORT": str(PORT),
        "WEBHOOK_SECRET": "s3cret-token",
    }


async def test_updates_arrive_by_webhook(running: RunningBot, tg: FakeTelegram) -> None:
    await tg.wait_for(lambda: tg.webhook is not None, message="webhook set")
    assert tg.webhook["url"].endswith("/hook/telegram")
    student = tg.user(id=4800001, language_code="en")
    await student.command("start")
    assert "not therapists" in (await student.receives()).text
    assert tg.count("getUpdates") == 0


async def test_a_conversation_over_webhook_keeps_its_order(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await tg.wait_for(lambda: tg.webhook is not None, message="webhook set")
    student, supporter = await talking(tg, coordinator)
    for n in range(15):
        await student.send(f"part {n}")
    received = [(await supporter.receives(timeout=30)).text for _ in range(15)]
    assert received == [f"part {n}" for n in range(15)]
    await supporter.reply(supporter.inbox[-1].message_id, "got all of it")
    answer = await student.receives()
    assert answer.text == "got all of it"
    assert answer.reply_to_message_id == student.sent[-1].message_id
    assert tg.count("getUpdates") == 0


async def post(body: bytes, secret: str | None) -> int:
    """Post to the bot's webhook as Telegram would (with `secret` as the token, if any)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    url = f"http://127.0.0.1:{PORT}/hook/telegram"
    async with aiohttp.ClientSession() as client, client.post(url, data=body, headers=headers) as r:
        return r.status


async def test_posts_without_the_secret_are_refused_and_counted(
    running: RunningBot, tg: FakeTelegram
) -> None:
    await tg.wait_for(lambda: tg.webhook is not None, message="webhook set")
    _, before = await get("/metrics", PORT)
    forged = json.dumps({"update_id": 99, "message": {"text": "/start"}}).encode()
    assert await post(forged, None) == 401
    assert await post(forged, "guessed") == 401
    _, after = await get("/metrics", PORT)
    refused = "praatmaat_webhook_refused_total"
    assert sample(after, refused) - sample(before, refused) == 2
    assert await get("/healthz", PORT) == (200, "ok\n")
    assert await get("/readyz", PORT) == (200, "ready\n")


async def test_posts_that_cannot_be_read_are_answered_and_skipped(
    running: RunningBot, tg: FakeTelegram, coordinator: FakeUser
) -> None:
    await tg.wait_for(lambda: tg.webhook is not None, message="webhook set")
    student, supporter = await talking(tg, coordinator)
    for body in (
        b"not json",
        b"[]",
        b'{"update_id": 90}',
        b'{"update_id": 91, "future_kind": {}}',
        b'{"update_id": 92, "message": {"text": "no chat, no date"}}',
        b'{"update_id": 93, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, '
        b'"type": "private"}, "text": "half an emoji \\ud83d"}}',
    ):
        assert await post(body, "s3cret-token") == 200, body
    await student.send("still relayed")
    assert (await supporter.receives()).text == "still relayed"
