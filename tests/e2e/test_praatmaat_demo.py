"""`praatmaat demo` as a newcomer runs it: no settings, a page within 10 s, Ctrl-C, a busy port."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from tests.e2e.test_praatmaat_run import closed_port, environment

URL = re.compile(r"Open (http://127\.0\.0\.1:\d+/) in a browser")
DATA = re.compile(r"its data is in (\S+), removed on exit")


@asynccontextmanager
async def demo_process(cwd: Path, *options: str) -> AsyncIterator[asyncio.subprocess.Process]:
    """`praatmaat demo` with nothing set in the environment; killed if a test leaves it running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        *options,
        cwd=cwd,
        env=environment(TMPDIR=str(cwd)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def lines_until(process: asyncio.subprocess.Process, pattern: re.Pattern[str]) -> str:
    """Standard output up to the first line matching `pattern`."""
    assert process.stdout is not None
    said = ""
    while not pattern.search(said):
        line = await process.stdout.readline()
        if not line:
            raise AssertionError(f"the demo stopped, having said: {said!r}")
        said += line.decode()
    return said


async def test_demo_serves_the_page_within_10_seconds_and_stops_cleanly_on_ctrl_c(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    async with demo_process(tmp_path, "--port", str(closed_port())) as process:
        said = await asyncio.wait_for(lines_until(process, URL), timeout=10)
        url = URL.search(said)
        data = DATA.search(said)
        assert url is not None and data is not None and "simulation" in said
        async with aiohttp.ClientSession() as client, client.get(url.group(1)) as page:
            assert page.status == 200
            assert "Simulation" in await page.text()
        assert time.monotonic() - started < 10
        assert Path(data.group(1)).is_dir()

        process.send_signal(signal.SIGINT)
        rest, errors = await asyncio.wait_for(process.communicate(), timeout=20)
    assert process.returncode == 0
    assert "Praatmaat demo stopped." in rest.decode()
    assert b"Traceback" not in errors
    assert not Path(data.group(1)).exists()


async def test_a_second_demo_on_a_busy_port_says_which_port_and_how_to_choose_one(
    tmp_path: Path,
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        async with demo_process(tmp_path, "--port", str(port)) as process:
            _, errors = await asyncio.wait_for(process.communicate(), timeout=20)
    lines = errors.decode().splitlines()
    assert process.returncode == 1
    assert len(lines) == 1, lines
    assert f"port {port} is already in use" in lines[0] and "--port" in lines[0]
