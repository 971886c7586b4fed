"""Timed jobs: opening and closing, idle and long-wait checks, retention, reminders."""
