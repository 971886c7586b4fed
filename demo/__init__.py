"""`praatmaat demo`: the real bot on an embedded Bot API stand-in, people as phones on a page."""
