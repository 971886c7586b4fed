"""For the operator: /healthz (alive), /readyz (database reachable and migrated), /metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import metrics
from storage.db import not_ready

READY_TIMEOUT = 3.0  # a probe gets its answer in time even when the database hangs


class Health:
    """The three endpoints, for one engine."""

    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.engine, self.sessions = engine, sessions

    def add_routes(self, app: web.Application) -> None:
        """Serve the endpoints from `app`."""
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)

    async def healthz(self, _: web.Request) -> web.Response:
        """The process answers."""
        return web.Response(text="ok\n")

    async def readyz(self, _: web.Request) -> web.Response:
        """Ready when the database answers and its migrations are current; else 503 and why."""
        reason = await not_ready(self.engine, READY_TIMEOUT)
        if reason is not None:
            return web.Response(status=503, text=f"not ready: {reason}\n")
        return web.Response(text="ready\n")

    async def metrics(self, _: web.Request) -> web.Response:
        """The Prometheus exposition, with the queue counted now."""
        await metrics.count_open(self.sessions)
        return web.Response(
            body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )


@asynccontextmanager
async def serving(health: Health, port: int | None) -> AsyncIterator[None]:
    """The endpoints on their own port while the context lasts (nothing when `port` is None)."""
    if port is None:
        yield
        return
    app = web.Application()
    health.add_routes(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    try:
        yield
    finally:
        await runner.cleanup()
