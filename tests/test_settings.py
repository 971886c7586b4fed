"""Settings: wrong or missing values stop start-up with one line naming the setting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.settings import SettingsError, load_settings


def praatmaat(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a clean environment (no inherited settings)."""
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**base, **env, "PYTHONPATH": str(Path(__file__).parents[1])},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_exits_2_with_one_line(tmp_path: Path) -> None:
    result = praatmaat("run", env={"TELEGRAM_API_URL": "http://127.0.0.1:9"}, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("BOT_TOKEN:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OPENING_HOURS", "mon-fry 9-20"),
        ("TIMEZONE", "Europe/Atlantis"),
        ("DATABASE_URL", "mysql://x"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("COORDINATOR_IDS", "12,abc"),
        ("RETENTION_DAYS", "0"),
        ("ENCRYPTION_KEYS", "not-a-key"),
        ("HOLIDAYS_COUNTRY", "XX"),
        ("WEBHOOK_URL", "http://insecure.example"),
        ("LOG_LEVEL", "LOUD"),
        ("LOG_FORMAT", "xml"),
        ("HEALTH_PORT", "70000"),
    ],
)
def test_bad_value_names_the_setting(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(BOT_TOKEN="1:abc", **{name: value})
    message = str(raised.value)
    assert message.startswith(f"{name}: expected")
    assert "\n" not in message


def test_bad_hours_name_the_bad_part() -> None:
    with pytest.raises(SettingsError, match='unknown day "fry"'):
        load_settings(BOT_TOKEN="1:abc", OPENING_HOURS="mon-fry 9-20")


def test_webhook_mode_needs_its_secret() -> None:
    with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET: expected"):
        load_settings(BOT_TOKEN="1:abc", WEBHOOK_URL="https://bot.example.org/telegram")


def test_health_port_may_be_empty() -> None:
    assert load_settings(BOT_TOKEN="1:abc", HEALTH_PORT="").HEALTH_PORT is None


def test_postgres_needs_encryption_keys() -> None:
    with pytest.raises(SettingsError, match="ENCRYPTION_KEYS"):
        load_settings(BOT_TOKEN="1:abc", DATABASE_URL="postgresql+asyncpg://u@h/db")


def test_defaults_match_the_spec() -> None:
    settings = load_settings(BOT_TOKEN="1:abc", ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert settings.DATABASE_URL == "sqlite+aiosqlite:///praatmaat.db"
    assert settings.TIMEZONE == "Europe/Brussels"
    assert settings.OPENING_HOURS == "mon-fri 09:00-20:00"
    assert settings.DEFAULT_LANGUAGE == "en"
    assert settings.RETENTION_DAYS == 30
    assert settings.SUPERVISION_MAX_DAYS == 28
    assert settings.TELEGRAM_API_URL == "https://api.telegram.org"
    assert not settings.webhook_mode


def test_lists_are_comma_separated() -> None:
    keys = [Fernet.generate_key().decode() for _ in range(2)]
    settings = load_settings(
        BOT_TOKEN="1:abc", COORDINATOR_IDS="12, 34", ENCRYPTION_KEYS=",".join(keys)
    )
    assert settings.COORDINATOR_IDS == [12, 34]
    assert keys == settings.ENCRYPTION_KEYS


def test_keygen_prints_a_fernet_key(tmp_path: Path) -> None:
    result = praatmaat("keygen", env={}, cwd=tmp_path)
    assert result.returncode == 0
    Fernet(result.stdout.strip())


@pytest.mark.parametrize("command", ["run", "migrate", "keygen", "rotate-keys", "check"])
def test_every_command_has_help(command: str, tmp_path: Path) -> None:
    result = praatmaat(command, "--help", env={}, cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: praatmaat" in result.stdout
