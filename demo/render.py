"""What a phone on the page shows of a message, a menu and the clock (plain JSON for demo.js)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from demo.botapi.chats import JSON, MEDIA_KINDS, Message, file_id_of

SNIPPET = 60
# What Telegram's apps show for content the phones draw as a card.
CARD_NAMES = {
    "photo": "Photo",
    "document": "File",
    "voice": "Voice message",
    "audio": "Audio",
    "video": "Video",
    "video_note": "Video message",
    "sticker": "Sticker",
    "animation": "GIF",
    "contact": "Contact",
    "location": "Location",
    "venue": "Location",
    "poll": "Poll",
    "dice": "Dice",
}


def message_view(message: Message, zone: ZoneInfo) -> JSON:
    """A message as a bubble: who wrote it, its text, card, reply, buttons and whether edited."""
    raw = message.raw
    view: JSON = {
        "id": message.message_id,
        "mine": not message.from_bot,
        "text": message.body,
        "time": datetime.fromtimestamp(raw["date"], zone).strftime("%H:%M"),
        "edited": message.edited,
        "buttons": [
            [{"text": b["text"], "data": b.get("callback_data", "")} for b in row]
            for row in message.buttons
        ],
    }
    if message.kind != "text":
        view["card"] = _card(message)
    reply = raw.get("reply_to_message")
    if reply:
        words = str(reply.get("text") or reply.get("caption") or _card_name(reply))
        view["reply"] = {"id": reply["message_id"], "text": words[:SNIPPET]}
    return view


def menu_view(commands: list[JSON]) -> list[JSON]:
    """The command menu: /command and what it does."""
    return [{"command": c["command"], "description": c["description"]} for c in commands]


def clock_view(now: datetime, zone: ZoneInfo, is_open: bool) -> JSON:
    """The simulation's time as the page shows it, and whether the service is open."""
    local = now.astimezone(zone)
    return {
        "time": local.strftime("%a %d %b %Y, %H:%M"),
        "zone": str(zone),
        "open": is_open,
        "epoch": now.timestamp(),
    }


def _card(message: Message) -> JSON:
    card: JSON = {"kind": message.kind, "name": CARD_NAMES.get(message.kind, message.kind)}
    value = message.raw.get(message.kind)
    if isinstance(value, dict) and value.get("file_name"):
        card["name"] = value["file_name"]
    if isinstance(value, dict) and value.get("duration"):
        minutes, seconds = divmod(int(value["duration"]), 60)
        card["name"] += f" · {minutes}:{seconds:02d}"
    file_id = file_id_of(message)
    if message.kind == "photo" and file_id:
        card["url"] = f"/media/{file_id}"
    return card


def _card_name(raw: JSON) -> str:
    kind = next((kind for kind in MEDIA_KINDS if kind in raw), "")
    return CARD_NAMES.get(kind, "")
