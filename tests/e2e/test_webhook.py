"""Webhook mode: Telegram posts updates to WEBHOOK_URL with the secret token."""

from __future__ import annotations

import socket

import pytest

from tests.e2e.conftest import RunningBot
from tests.fake_telegram import FakeTelegram


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
