"""The page: plain HTML, CSS and JS from the package, live over a websocket."""

from __future__ import annotations

import asyncio
import json
import logging
from importlib.resources import files

from aiohttp import WSMsgType, web

from demo.botapi.chats import JSON
from demo.world import World

STATIC = files("demo") / "static"
TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}
log = logging.getLogger(__name__)


class Page:
    """Serves the page and carries what happens both ways between it and the world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def routes(self) -> list[web.RouteDef]:
        """The page's routes."""
        return [
            web.get("/", self.index),
            web.get("/static/{name}", self.static),
            web.get("/media/{file_id}", self.media),
            web.get("/ws", self.socket),
        ]

    async def index(self, request: web.Request) -> web.Response:
        """The page."""
        return self._file("index.html")

    async def static(self, request: web.Request) -> web.Response:
        """demo.css, demo.js, the sample photo."""
        return self._file(request.match_info["name"])

    async def media(self, request: web.Request) -> web.Response:
        """A file someone sent (photos are shown in the phones)."""
        stored = self.world.standin.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type=stored.mime_type)

    async def socket(self, request: web.Request) -> web.WebSocketResponse:
        """Live updates out, people's actions in; the first message is the whole state."""
        socket = web.WebSocketResponse(heartbeat=30)
        await socket.prepare(request)
        outbox: asyncio.Queue[JSON] = asyncio.Queue()
        self.world.subscribers.append(outbox.put_nowait)
        sender = asyncio.create_task(_send_all(socket, outbox))
        try:
            outbox.put_nowait(await self.world.snapshot())
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    await self._act(message.data, outbox)
        finally:
            self.world.subscribers.remove(outbox.put_nowait)
            sender.cancel()
        return socket

    async def _act(self, data: str, outbox: asyncio.Queue[JSON]) -> None:
        try:
            await self.world.act(json.loads(data))
        except (KeyError, ValueError, TypeError, StopIteration, RuntimeError) as error:
            log.warning("page request refused: %s", error)
            outbox.put_nowait({"type": "refused", "reason": str(error)})

    @staticmethod
    def _file(name: str) -> web.Response:
        resource = STATIC / name
        suffix = name[name.rfind(".") :] if "." in name else ""
        if "/" in name or suffix not in TYPES or not resource.is_file():
            raise web.HTTPNotFound()
        return web.Response(
            body=resource.read_bytes(),
            content_type=TYPES[suffix],
            charset="utf-8" if suffix != ".svg" else None,
        )


async def _send_all(socket: web.WebSocketResponse, outbox: asyncio.Queue[JSON]) -> None:
    while not socket.closed:
        await socket.send_json(await outbox.get())
