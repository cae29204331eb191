"""Start the real `orderflow` command as a child process and wait for it over HTTP."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

ORDERFLOW = str(Path(sys.executable).with_name("orderflow"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start(*args: str, env: Mapping[str, str] | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        ORDERFLOW,
        *args,
        env=dict(env) if env is not None else None,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_ready(proc: asyncio.subprocess.Process, url: str, deadline_s: float = 60) -> None:
    """Poll `url` until it answers 200; fail early with stderr if the process died."""
    deadline = time.monotonic() + deadline_s
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                err = await proc.stderr.read() if proc.stderr else b""
                raise AssertionError(f"orderflow exited {proc.returncode}: {err.decode()[-2000:]}")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} not ready within {deadline_s}s")


async def interrupt(proc: asyncio.subprocess.Process, sig: int = signal.SIGINT) -> str:
    """Send Ctrl-C (or another signal), wait for the end and return what it logged.

    Fails unless the shutdown was clean: the lifespan finished and the process exited
    normally (uvicorn re-raises a captured SIGTERM after its shutdown, which is fine).
    """
    proc.send_signal(sig)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    log = err.decode()
    assert proc.returncode in (0, -sig), f"exit {proc.returncode}: {log[-2000:]}"
    assert "Application shutdown complete" in log, log[-2000:]
    assert "Traceback" not in log, log[-4000:]
    return log
