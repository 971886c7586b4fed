"""aiogram routers per role: thin adapters between Telegram and the bot's services."""
