"""The first call to Telegram: who the bot is, or a one-line reason why start-up cannot go on."""

from __future__ import annotations

import asyncio
import time

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetMe
from aiogram.types import User

from bot.startup import StartupError

# Start-up gives up after this long: a newcomer without Telegram access hears why within 15 s.
PATIENCE = 8.0
FIRST_PAUSE = 0.5


async def introduce(bot: Bot, api_url: str) -> User:
    """getMe, retried briefly; StartupError if Telegram stays unreachable or rejects the token."""
    deadline = time.monotonic() + PATIENCE
    pause = FIRST_PAUSE
    while True:
        left = deadline - time.monotonic()
        try:
            return await bot(GetMe(), request_timeout=max(int(left), 1))
        except TelegramUnauthorizedError:
            raise StartupError(
                "Telegram rejected BOT_TOKEN (401 Unauthorized): copy the token @BotFather gave "
                "you, or try `praatmaat demo`, which needs no token"
            ) from None
        except (TelegramNetworkError, TelegramServerError) as error:
            if time.monotonic() + pause >= deadline:
                raise StartupError(
                    f"Telegram cannot be reached at TELEGRAM_API_URL {api_url} "
                    f"({_reason(error)}); check the network or the setting, or try "
                    "`praatmaat demo`, which works offline"
                ) from None
            await asyncio.sleep(pause)
            pause *= 2
        except (TelegramAPIError, ClientDecodeError) as error:
            raise StartupError(
                f"TELEGRAM_API_URL {api_url} does not answer like Telegram's Bot API "
                f"({_reason(error)}); leave it unset for Telegram itself"
            ) from None


def _reason(error: Exception) -> str:
    """A short cause: the server's answer, or the network error's first words."""
    if isinstance(error, TelegramAPIError) and not isinstance(error, TelegramNetworkError):
        return f"getMe answered: {error.message}"
    detail = str(getattr(error, "message", "") or error).split("\n")[0]
    return detail[:120] or type(error).__name__
