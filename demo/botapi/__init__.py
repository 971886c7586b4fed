"""A stand-in for Telegram's Bot API, in the demo's process: just the methods the bot calls."""
