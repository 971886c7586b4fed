"""The one Telegram (aiogram) adapter: messenger, retries, polling, dispatcher, menus."""

# The adapter's library loggers, which bot.logs quiets below WARNING (importing this package
# imports no aiogram).
LOGGERS = ("aiogram",)
