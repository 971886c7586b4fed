"""Media methods: sendPhoto, sendVoice, … with uploads, file ids or URLs; albums; getFile."""

from __future__ import annotations

import copy
from typing import Any

from tests.fake_telegram.files import animation_document
from tests.fake_telegram.methods.posting import NO_CAPTION, Posting
from tests.fake_telegram.records import JSON, ApiError, UploadedFile

MEDIA_METHODS = {
    "sendphoto": "photo",
    "senddocument": "document",
    "sendvoice": "voice",
    "sendaudio": "audio",
    "sendvideo": "video",
    "sendvideonote": "video_note",
    "sendsticker": "sticker",
    "sendanimation": "animation",
}


class Media(Posting):
    """Sending media and telling where a file can be downloaded."""

    def send_media(self, kind: str, params: JSON) -> JSON:
        """sendPhoto, sendVoice, …: uploads (multipart), file ids and URLs."""
        chat = self._writable(params)
        content = {kind: self._file(kind, params.get(kind), params)}
        if kind == "animation":
            content["document"] = animation_document(content["animation"])
        if kind not in NO_CAPTION:
            content.update(self._caption(params))
        if params.get("has_spoiler"):
            content["has_media_spoiler"] = True
        return self._post(chat, content, params).raw

    def send_media_group(self, params: JSON) -> list[JSON]:
        """An album: one message per item, sharing a media_group_id."""
        chat = self._writable(params)
        items = params.get("media")
        if not items:
            raise ApiError(400, 'Bad Request: parameter "media" is required')
        if len(items) > 10:
            raise ApiError(400, "Bad Request: too much messages to send as an album")
        contents = []
        for item in items:
            kind = item.get("type")
            if kind not in ("photo", "video", "audio", "document"):
                raise ApiError(400, "Bad Request: can't parse InputMedia: unsupported media type")
            content = {kind: self._file(kind, item.get("media"), item)}
            content.update(self._caption(item))
            if item.get("has_spoiler"):
                content["has_media_spoiler"] = True
            contents.append(content)
        group = str(10_000_000_000 + self.tg.new_id())
        reply_params = {k: v for k, v in params.items() if k != "reply_markup"}
        return [self._post(chat, c, reply_params, media_group_id=group).raw for c in contents]

    def get_file(self, params: JSON) -> JSON:
        """Where to download a file from (/file/bot<token>/<file_path>)."""
        stored = self.tg.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def _file(self, kind: str, value: Any, params: JSON) -> Any:
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            meta = {"file_name": value.filename, "mime_type": value.content_type}
            return self.tg.store_file(kind, value.data, **{**meta, **_media_meta(params)})
        value = str(value)
        if value.startswith(("http://", "https://")):
            name = value.rsplit("/", 1)[-1]
            return self.tg.store_file(kind, b"", file_name=name, **_media_meta(params))
        stored = self.tg.files.get(value)
        if stored is None or (stored.kind != kind and kind != "document"):
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return copy.deepcopy(stored.media)


def _media_meta(params: JSON) -> JSON:
    keys = ("duration", "width", "height", "length", "performer", "title", "emoji")
    return {key: params[key] for key in keys if params.get(key) is not None}
