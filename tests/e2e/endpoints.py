"""HTTP on this machine for the e2e tests: a free port, a GET, a Prometheus sample."""

from __future__ import annotations

import re
import socket

import aiohttp


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def get(path: str, port: int) -> tuple[int, str]:
    """The status and body of a GET on 127.0.0.1."""
    async with aiohttp.ClientSession() as client, client.get(f"http://127.0.0.1:{port}{path}") as r:
        return r.status, await r.text()


def sample(exposition: str, name: str, **labels: str) -> float:
    """One sample of a Prometheus exposition (0 when it is not there yet)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    pattern = re.escape(name + (f"{{{wanted}}}" if labels else "")) + r" (\S+)"
    found = re.search(rf"^{pattern}$", exposition, re.MULTILINE)
    return float(found.group(1)) if found else 0.0
