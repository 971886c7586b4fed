"""The raw parts the bad-update strategies pick from: odd values, contents, kinds, commands."""

from __future__ import annotations

from typing import Any

from bot import actions

JSON = dict[str, Any]
FAR = 10**7  # message ids far above the chats' real ones: never a message the bot relayed
BOT = {"id": 123, "is_bot": True, "first_name": "Praatmaat"}
COMMANDS = (
    *("start", "help", "privacy", "language", "talk", "cancel", "xyzzy", "start@other_bot"),
    *("duty", "pause", "escalate", "resources"),
    *("invite", "supporters", "supporter", "queue", "hours", "closed", "contacts", "keywords"),
    *("supervision", "stats", "export", "broadcast", "ban", "unban", "audit"),
)
SAFE_COMMANDS = ("help", "privacy", "language", "talk", "start", "xyzzy", "end", "resources")
GLYPHS = ("a", "ä", "🙂", "\u200b", "\u202e", "ﷺ", "👩\u200d💻", "\U000e0041", "\ufeff")
NAMES = ("x", "", "Ünïcødé", "\u202e\u0000", "🙂" * 64, "a" * 300)
ODD_VALUES = ("x", -1, 2**70, None, [], {}, 1.5, True)
PREFIXES = sorted(
    cls.prefix
    for cls in vars(actions).values()
    if isinstance(cls, type) and issubclass(cls, actions.Action) and cls.prefix
)
CONTENTS = (
    {"contact": {"phone_number": "+1", "first_name": "x"}},
    {"location": {"latitude": 91.0, "longitude": -181.0}},
    {"dice": {"emoji": "🎲", "value": 7}},
    {"story": {"chat": {"id": 1, "type": "private"}, "id": 1}},
    {"new_chat_members": [{"id": 1, "is_bot": True, "first_name": "b"}]},
    {"pinned_message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}},
    {"group_chat_created": True},
    {"migrate_to_chat_id": -100},
    {"web_app_data": {"data": "x", "button_text": "y"}},
    {"future_content_kind": {"what": "nobody knows"}},
    {},
)
EXTRAS = (
    {},
    {},
    {},
    {"media_group_id": "1"},
    {"reply_to_message": {"message_id": FAR + 1, "date": 0, "chat": {"id": 1, "type": "private"}}},
    {"reply_to_message": "garbage"},
    {"via_bot": {"id": 1, "is_bot": True, "first_name": "b"}},
    {"forward_origin": {"type": "hidden_user", "date": 0, "sender_user_name": "x"}},
    {"sender_chat": {"id": -5, "type": "channel", "title": "c"}},
)
OTHER_KINDS = (
    *("chat_member", "message_reaction", "message_reaction_count", "inline_query"),
    *("chosen_inline_result", "shipping_query", "pre_checkout_query", "poll", "poll_answer"),
    *("chat_join_request", "chat_boost", "business_message", "edited_channel_post"),
    *("channel_post", "purchased_paid_media", "future_update"),
)
STATUSES = ("kicked", "left", "member", "administrator", "restricted", "x")
