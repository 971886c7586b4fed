"""Files Telegram knows: what a message shows of each (PhotoSize lists, media fields), bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fake_telegram.records import JSON, StoredFile

_PHOTO_SIZES = ((90, 68), (320, 240), (1280, 960))
_MEDIA_DEFAULTS: dict[str, JSON] = {
    "voice": {"duration": 1, "mime_type": "audio/ogg"},
    "audio": {"duration": 1, "mime_type": "audio/mpeg"},
    "video": {"width": 640, "height": 480, "duration": 1, "mime_type": "video/mp4"},
    "video_note": {"length": 240, "duration": 1},
    "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False},
    "animation": {
        "width": 320,
        "height": 240,
        "duration": 1,
        "file_name": "animation.gif.mp4",
        "mime_type": "video/mp4",
    },
    "document": {"file_name": "document", "mime_type": "application/octet-stream"},
}
_MEDIA_FIELDS = {
    "voice": ("duration", "mime_type"),
    "audio": ("duration", "mime_type", "performer", "title", "file_name"),
    "video": ("width", "height", "duration", "mime_type", "file_name"),
    "video_note": ("length", "duration"),
    "sticker": ("type", "width", "height", "is_animated", "is_video", "emoji"),
    "animation": ("width", "height", "duration", "file_name", "mime_type"),
    "document": ("file_name", "mime_type"),
}


class FileStore:
    """The files of FakeTelegram: sent by users or uploaded by the bot, downloadable by id."""

    # provided by FakeTelegram
    new_id: Callable[[], int]

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, StoredFile] = {}

    def store_file(self, kind: str, data: bytes, **meta: Any) -> Any:
        """Register a file; returns what a message shows of it (a PhotoSize list for photos)."""
        number = self.new_id()
        if kind == "photo":
            sizes = [
                {
                    "file_id": f"photo-{number}-{width}",
                    "file_unique_id": f"uphoto-{number}-{width}",
                    "width": width,
                    "height": height,
                    "file_size": len(data),
                }
                for width, height in _PHOTO_SIZES
            ]
            for size in sizes:
                path = f"photos/file_{number}_{size['width']}.jpg"
                self.files[size["file_id"]] = StoredFile(
                    size["file_id"], size["file_unique_id"], kind, data, sizes, path
                )
            return sizes
        chosen = {key: meta[key] for key in _MEDIA_FIELDS[kind] if meta.get(key) is not None}
        media = {
            "file_id": f"{kind}-{number}",
            "file_unique_id": f"u{kind}-{number}",
            **_MEDIA_DEFAULTS[kind],
            **chosen,
            "file_size": len(data),
        }
        if kind == "sticker":
            media.setdefault("is_video", False)
        path = f"{kind}s/file_{number}"
        self.files[media["file_id"]] = StoredFile(
            media["file_id"], media["file_unique_id"], kind, data, media, path
        )
        return media

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes of a stored file (uploads by the bot keep what it sent)."""
        return self.files[file_id].data


def animation_document(animation: JSON) -> JSON:
    """The document Telegram attaches next to every animation."""
    keys = ("file_id", "file_unique_id", "file_name", "mime_type", "file_size")
    return {key: animation[key] for key in keys if key in animation}
