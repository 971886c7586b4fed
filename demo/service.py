"""One process: the stand-in and the page on 127.0.0.1, and the real bot through `bot.app.run`."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from bot import app
from bot.clock import Clock
from bot.context import Context
from bot.hours import WeeklyHours
from bot.schedule import Schedule
from bot.settings import Settings
from demo import cast
from demo.botapi.server import BotApiStandIn
from demo.clock import DemoClock, opening_moment
from demo.page import Page
from demo.settings import PLACES, demo_settings
from demo.world import World

HOST = "127.0.0.1"
DEFAULT_PORT = 8088
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
CLOCK_EVERY = 20.0  # seconds between clock refreshes on the page (open or closed can change)


class PortTaken(Exception):
    """The port is in use; the message says which and how to choose another."""


@dataclass
class RunningDemo:
    """A demo serving its page: where, its data, its world, and the bot's task."""

    url: str
    directory: Path
    world: World
    bot: asyncio.Task[None]


@contextlib.asynccontextmanager
async def running(port: int, language: str, keep: Path | None = None) -> AsyncIterator[RunningDemo]:
    """Start the page, the stand-in and the bot, with the cast on duty; stop all on the way out."""
    with contextlib.ExitStack() as stack:
        directory = keep or Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="praatmaat-demo-"))
        )
        directory.mkdir(parents=True, exist_ok=True)
        zone, country = PLACES[language]
        demo_clock = DemoClock(_first_moment(zone, country))
        standin = BotApiStandIn(demo_clock.now)
        world = World(standin, demo_clock, language, zone)
        web_app = web.Application(client_max_size=16 * 1024 * 1024)
        web_app.add_routes([*standin.routes(), *Page(world).routes()])
        runner = web.AppRunner(web_app, access_log=None, handler_cancellation=True)
        await runner.setup()
        try:
            url = f"http://{HOST}:{await _listen(runner, port)}"
            settings = demo_settings(directory, url, language, cast.COORDINATOR_ID)
            stop = asyncio.Event()
            bot, ctx = await _start_bot(settings, demo_clock, stop)
            try:
                world.ctx = ctx
                await cast.onboard(standin, ctx, world.phones)
                ticker = asyncio.create_task(_refresh_clock(world))
                try:
                    yield RunningDemo(f"{url}/", directory, world, bot)
                finally:
                    ticker.cancel()
            finally:
                stop.set()
                await standin.close()
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(bot, STOP_TIMEOUT)
        finally:
            await runner.cleanup()


async def serve(port: int, language: str, keep: Path | None) -> None:
    """Run the demo until Ctrl-C (or SIGTERM), telling the person where to look."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running(port, language, keep) as demo:
        kept = f"kept in {demo.directory}" if keep else f"in {demo.directory}, removed on exit"
        print(
            "Praatmaat demo: a simulation. The real bot runs against a stand-in for Telegram on "
            "this machine; nothing leaves it.",
            f"Open {demo.url} in a browser. Ctrl-C stops the demo (its data is {kept}).",
            sep="\n",
            flush=True,
        )
        waiting = asyncio.create_task(stop.wait())
        await asyncio.wait({waiting, demo.bot}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
    print("Praatmaat demo stopped.", flush=True)


def _first_moment(zone: str, country: str) -> datetime:
    """Now if the default hours are open now, else just after they next open."""
    hours = WeeklyHours.parse(Settings.model_fields["OPENING_HOURS"].default)
    return opening_moment(Schedule(hours, zone, holidays_country=country), datetime.now(UTC))


async def _listen(runner: web.AppRunner, port: int) -> int:
    """Listen on 127.0.0.1:`port` (0: any free one); PortTaken when it is in use."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As any server does: connections of a demo that just stopped may linger in TIME_WAIT.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        if error.errno != errno.EADDRINUSE:
            raise
        raise PortTaken(
            f"port {port} is already in use (another demo?); choose another with --port, "
            f"e.g. praatmaat demo --port {port + 1}"
        ) from None
    await web.SockSite(runner, listener).start()
    return int(listener.getsockname()[1])


async def _start_bot(
    settings: Settings, clock: Clock, stop: asyncio.Event
) -> tuple[asyncio.Task[None], Context]:
    """`bot.app.run`, exactly as `praatmaat run` starts it, until it is ready to take updates."""
    ready: asyncio.Future[Context] = asyncio.get_running_loop().create_future()
    bot = asyncio.create_task(
        app.run(settings, clock, stop, on_ready=lambda _bot, ctx, _jobs: ready.set_result(ctx))
    )
    done, _ = await asyncio.wait(
        {bot, ready}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
    )
    if bot in done:
        bot.result()
        raise RuntimeError("the bot stopped while starting")
    if not done:
        stop.set()
        raise RuntimeError(f"the bot did not start within {START_TIMEOUT:.0f} s")
    return bot, ready.result()


async def _refresh_clock(world: World) -> None:
    """Re-send the clock now and then: time goes on, and with it opening and closing."""
    while True:
        await asyncio.sleep(CLOCK_EVERY)
        world.publish(await world.clock_view())
