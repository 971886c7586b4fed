"""The fake over raw HTTP: tokens, JSON and form bodies, error answers."""

from __future__ import annotations

import aiohttp

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_tests.bot_side import TOKEN


async def test_a_server_with_a_token_refuses_others() -> None:
    async with FakeTelegram(token="42:right") as server, aiohttp.ClientSession() as http:
        async with http.post(f"{server.base_url}/bot42:wrong/getMe") as response:
            assert response.status == 401
        async with http.post(f"{server.base_url}/bot42:right/getMe") as response:
            assert (await response.json())["result"]["id"] == 42


async def test_raw_http_json_form_and_errors(tg: FakeTelegram, anna: FakeUser) -> None:
    async with aiohttp.ClientSession() as http:
        url = f"{tg.base_url}/bot{TOKEN}"
        async with http.post(f"{url}/sendMessage", json={"chat_id": anna.id, "text": "json"}) as r:
            assert (await r.json())["result"]["text"] == "json"
        form = {"chat_id": str(anna.id), "text": "123", "reply_markup": '{"inline_keyboard": []}'}
        async with http.post(f"{url}/sendMessage", data=form) as r:
            assert (await r.json())["result"]["text"] == "123"
        async with http.post(f"{url}/sendMessage", json={"chat_id": 4, "text": "x"}) as r:
            assert r.status == 400
            assert await r.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
        async with http.post(f"{url}/frobnicate") as r:
            assert r.status == 404
            assert (await r.json())["description"] == "Not Found: method not found"
        async with http.get(f"{tg.base_url}/nonsense") as r:
            assert r.status == 404
    assert [m.text for m in anna.inbox] == ["json", "123"]
