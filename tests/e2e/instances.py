"""Several `praatmaat run` processes in webhook mode on one PostgreSQL, behind a small proxy."""

from __future__ import annotations

import asyncio
import itertools
import signal
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.e2e.endpoints import free_port
from tests.e2e.processes import bot_environment, new_key, start_praatmaat
from tests.fake_telegram import FakeTelegram

SECRET = "several-instances-secret"
PATH = "/telegram"


class Proxy:
    """Spreads webhook posts over the instances in turn, as deploy/nginx.conf does.

    A post an instance could not take (refused, dropped, 502 or 503) is tried on the next one,
    even when it was sent already (nginx's `non_idempotent`); when none took it, 502, and
    Telegram sends it again.
    """

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.port = free_port()
        self.retried = 0
        self._next = itertools.count()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Listen on 127.0.0.1:`port`."""
        app = web.Application()
        app.router.add_post(PATH, self._forward)
        self._client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        body, headers = await request.read(), {"Content-Type": "application/json"}
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        first = next(self._next)
        for attempt in range(len(self.ports)):
            port = self.ports[(first + attempt) % len(self.ports)]
            url = f"http://127.0.0.1:{port}{PATH}"
            try:
                async with self._client.post(url, data=body, headers=headers) as response:
                    if response.status not in (502, 503):
                        return web.Response(status=response.status, body=await response.read())
            except aiohttp.ClientError:
                pass
            self.retried += 1
        return web.Response(status=502)


class Instances:
    """N bot processes on one database, each in its own directory with its own log."""

    def __init__(self, tg: FakeTelegram, root: Path, database_url: str, count: int) -> None:
        self.tg, self.root = tg, root
        self.ports = [free_port() for _ in range(count)]
        self.proxy = Proxy(self.ports)
        self.env = bot_environment(tg, root, new_key())
        self.env.update(
            DATABASE_URL=database_url,
            WEBHOOK_URL=f"http://127.0.0.1:{self.proxy.port}{PATH}",
            WEBHOOK_SECRET=SECRET,
        )
        self.processes: list[asyncio.subprocess.Process | None] = [None] * count

    def directory(self, index: int) -> Path:
        """Where instance `index` runs and logs (bot.log)."""
        path = self.root / f"instance{index}"
        path.mkdir(exist_ok=True)
        return path

    async def start(self, index: int, *, migrate_first: bool = False) -> None:
        """Start instance `index` and wait until it answers /readyz."""
        env = {**self.env, "WEBHOOK_PORT": str(self.ports[index])}
        process = await start_praatmaat(env, self.directory(index), migrate_first=migrate_first)
        self.processes[index] = process
        url = f"http://127.0.0.1:{self.ports[index]}/readyz"
        async with aiohttp.ClientSession() as client:
            for _ in range(600):
                if process.returncode is not None:
                    raise RuntimeError(f"instance {index} exited with {process.returncode}")
                try:
                    async with client.get(url) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"instance {index} not ready within 60 s")

    async def start_all(self) -> None:
        """The proxy, then every instance (the first migrates the database, as a release does)."""
        await self.proxy.start()
        await self.start(0, migrate_first=True)
        await asyncio.gather(*(self.start(n) for n in range(1, len(self.ports))))
        await self.tg.wait_for(lambda: self.tg.webhook is not None, message="webhook set")

    async def kill(self, index: int) -> None:
        """SIGKILL instance `index`."""
        process = self.processes[index]
        assert process is not None
        process.kill()
        await process.wait()

    async def stop_all(self) -> list[int | None]:
        """SIGTERM every running instance and the proxy; their exit codes."""
        running = [p for p in self.processes if p is not None and p.returncode is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        codes = []
        for process in running:
            try:
                codes.append(await asyncio.wait_for(process.wait(), timeout=15))
            except TimeoutError:
                process.kill()
                codes.append(await process.wait())
        await self.proxy.stop()
        return codes

    def logs(self) -> str:
        """Every instance's log, one after the other."""
        return "".join(
            (self.directory(n) / "bot.log").read_text(errors="replace")
            for n in range(len(self.ports))
            if (self.directory(n) / "bot.log").exists()
        )
