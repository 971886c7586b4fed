"""The one Telegram (aiogram) adapter: messenger, retries, polling, dispatcher, menus."""
