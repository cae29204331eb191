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


async def start(
    *args: str, env: Mapping[str, str] | None = None, log: Path | None = None
) -> asyncio.subprocess.Process:
    """`orderflow <args>`; its log (stderr) is piped, or written to `log` when given."""
    stderr = log.open("ab") if log is not None else asyncio.subprocess.PIPE
    try:
        return await asyncio.create_subprocess_exec(
            ORDERFLOW,
            *args,
            env=dict(env) if env is not None else None,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=stderr,
        )
    finally:
        if not isinstance(stderr, int):
            stderr.close()  # the child has its own copy


async def wait_ready(proc: asyncio.subprocess.Process, url: str, deadline_s: float = 60) -> None:
    """Poll `url` until it answers 200; fail early with stderr if the process died."""
    deadline = time.monotonic() + deadline_s
    async with httpx.AsyncClient(timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                err = await proc.stderr.read() if proc.stderr else b"(log in its file)"
                raise AssertionError(f"orderflow exited {proc.returncode}: {err.decode()[-2000:]}")
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} not ready within {deadline_s}s")


async def interrupt(
    proc: asyncio.subprocess.Process, sig: int = signal.SIGINT, log: Path | None = None
) -> str:
    """Send Ctrl-C (or another signal), wait for the end and return what it logged.

    Fails unless the shutdown was clean: the lifespan finished and the process exited
    normally (uvicorn re-raises a captured SIGTERM after its shutdown, which is fine).
    """
    proc.send_signal(sig)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    logged = await asyncio.to_thread(log.read_bytes) if log is not None else err or b""
    text = logged.decode(errors="replace")
    assert proc.returncode in (0, -sig), f"exit {proc.returncode}: {text[-2000:]}"
    assert "Application shutdown complete" in text, text[-2000:]
    assert "Traceback" not in text, text[-4000:]
    return text
