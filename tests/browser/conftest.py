"""The demo page in a real headless Chromium (Debian's package), driven with Playwright."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, async_playwright

from tests.e2e.test_praatmaat_run import closed_port, environment

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_ENV = "PRAATMAAT_REQUIRE_CHROMIUM"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
URL = re.compile(rb"Open (http://127\.0\.0\.1:\d+/) in a browser")
PHONES = {"Anna": 4200001, "Robin": 5100001, "Sam": 5100002, "Coco": 7000001}


@pytest.fixture(autouse=True)
def chromium() -> None:
    """Skip without Chromium, or fail when REQUIRE_ENV is set (as .ci/run does)."""
    if CHROMIUM.exists():
        return
    missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"{missing} and {REQUIRE_ENV} is set", pytrace=False)
    pytest.skip(f"{missing}; set {REQUIRE_ENV}=1 to make this a failure")


@pytest.fixture
async def demo_url(tmp_path: Path) -> AsyncIterator[str]:
    """`praatmaat demo` as a newcomer starts it; stopped with Ctrl-C after the test."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--port",
        str(closed_port()),
        cwd=tmp_path,
        env=environment(TMPDIR=str(tmp_path)),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    said = b""
    while not (found := URL.search(said)):
        line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
        assert line, f"the demo stopped, having said {said!r}"
        said += line
    try:
        yield found.group(1).decode()
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.communicate(), timeout=30)


@dataclass
class Screen:
    """The page, its phones, and numbered screenshots of each step as test artefacts."""

    page: Page
    folder: Path
    shots: int = 0

    def phone(self, name: str) -> Locator:
        """A phone by its owner's first name, or the scripted student's."""
        if name == "scripted":
            return self.page.locator(".phone.role-practice")
        return self.page.locator(f'.phone[data-phone="{PHONES[name]}"]')

    async def write(self, name: str, text: str) -> None:
        """Type a message in a phone and send it with Enter."""
        field = self.phone(name).locator("input.text")
        await field.fill(text)
        await field.press("Enter")

    def bubble(self, name: str, text: str, *, mine: bool = False) -> Locator:
        """A message in a phone: from the bot (default) or written by the phone's owner."""
        side = ".message.mine" if mine else ".message.bot"
        return self.phone(name).locator(side, has_text=text).last

    async def shot(self, step: str) -> Path:
        """A screenshot of the whole page."""
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{step}.png"
        await self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
async def screen(demo_url: str, request: pytest.FixtureRequest) -> AsyncIterator[Screen]:
    """Chromium on the demo's page, wide enough for all phones side by side."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        page = await browser.new_page(viewport={"width": 1700, "height": 1000})
        page.set_default_timeout(15_000)
        await page.goto(demo_url)
        await page.locator(".phone").first.wait_for()
        screen = Screen(page, folder)
        try:
            yield screen
        finally:
            await screen.shot("at-the-end")  # where a failing test stopped
            await browser.close()
