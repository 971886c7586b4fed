"""Praatmaat: anonymous peer support over Telegram."""
