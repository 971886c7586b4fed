"""Decoding a Bot API call's parameters as Telegram does: query, form, multipart or JSON."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fake_telegram.records import JSON, UploadedFile

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "media",
        "commands",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "allowed_updates",
        "message_ids",
        "menu_button",
        "options",
    }
)
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "action",
        "emoji",
        "title",
        "description",
        "short_description",
        "name",
        "question",
        "address",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "language_code",
        "secret_token",
        "file_id",
        "business_connection_id",
        "message_effect_id",
        "performer",
        "quote",
        "ip_address",
        "photo",
        "audio",
        "document",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
    }
)


async def read_params(request: web.Request) -> JSON:
    """Decode query string, urlencoded, multipart or JSON parameters as Telegram does."""
    params = {key: _decode(key, value) for key, value in request.query.items()}
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        for key, value in body.items():
            params[key] = (
                json.loads(value) if key in _JSON_FIELDS and isinstance(value, str) else value
            )
        return params
    form = await request.post()
    uploads: dict[str, UploadedFile] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[key] = _decode(key, value)
    attached: set[str] = set()
    params = _attach(params, uploads, attached)
    for key, upload in uploads.items():
        if key not in attached and key not in params:
            params[key] = upload
    return params


def _decode(key: str, value: str) -> Any:
    if key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _attach(value: Any, uploads: dict[str, UploadedFile], attached: set[str]) -> Any:
    """Replace "attach://name" references by the uploaded file parts they name."""
    if isinstance(value, str) and value.startswith("attach://") and value[9:] in uploads:
        attached.add(value[9:])
        return uploads[value[9:]]
    if isinstance(value, dict):
        return {key: _attach(item, uploads, attached) for key, item in value.items()}
    if isinstance(value, list):
        return [_attach(item, uploads, attached) for item in value]
    return value
