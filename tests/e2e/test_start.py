"""/start: the welcome in the student's language, and the role-scoped menu."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import RunningBot
from tests.fake_telegram import FakeTelegram

WELCOME_WORDS = {"en": "not therapists", "nl": "geen therapeuten", "nb": "ikke terapeuter"}


@pytest.mark.parametrize(
    ("code", "language"),
    [("nl", "nl"), ("en", "en"), ("nb", "nb"), ("fr", "en"), ("no", "nb"), ("nl-BE", "nl")],
)
async def test_start_welcomes_in_the_users_language(
    running: RunningBot, tg: FakeTelegram, code: str, language: str
) -> None:
    student = tg.user(id=4100001, first_name="Lies", language_code=code)
    await student.command("start")
    welcome = await student.receives()
    assert WELCOME_WORDS[language].lower() in welcome.text.lower()
    assert len(welcome.buttons) == 3


async def test_students_menu_has_no_admin_commands(running: RunningBot, tg: FakeTelegram) -> None:
    student = tg.user(id=4100002, language_code="en")
    await student.command("start")
    await student.receives()
    menu = student.menu()
    assert "talk" in menu
    assert not {"invite", "ban", "stats", "duty"} & set(menu)
