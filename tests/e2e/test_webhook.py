"""Webhook mode: Telegram posts updates to WEBHOOK_URL with the secret token."""

from __future__ import annotations

import socket

import pytest

from tests.e2e.conftest import RunningBot
from tests.e2e.test_robustness import talking
from tests.fake_telegram import FakeTelegram, FakeUser


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
