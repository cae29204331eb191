"""A real local HTTP receiver for partner webhooks that verifies Standard Webhooks signatures."""

from __future__ import annotations

import asyncio
import hmac
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from standardwebhooks.webhooks import Webhook
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Receiver:
    url: str
    secret: str = ""
    fail_next: int = 0
    verified: list[dict[str, Any]] = field(default_factory=list)
    refused: int = 0

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        """Check the signature with the `standardwebhooks` package's own signing.

        Its `verify` also compares the timestamp with the wall clock; the service under test
        runs on a manual clock, so the receiver recomputes the signature for the timestamp
        sent and compares (the replay window is tested on intake's inbound side).
        """
        sent_at = datetime.fromtimestamp(int(headers["webhook-timestamp"]), UTC)
        expected = Webhook(self.secret).sign(headers["webhook-id"], sent_at, body.decode())
        offered = headers["webhook-signature"].split()
        return any(hmac.compare_digest(expected, o) for o in offered)


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state = Receiver(url=f"http://127.0.0.1:{port}/hooks")

    async def hooks(request: Request) -> Response:
        body = await request.body()
        if not state.verify(dict(request.headers), body):
            state.refused += 1
            return Response(status_code=401)
        if state.fail_next > 0:
            state.fail_next -= 1
            return Response(status_code=503)
        state.verified.append({"id": request.headers["webhook-id"], "body": body})
        return Response(status_code=204)

    app = Starlette(routes=[Route("/hooks", hooks, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    task = asyncio.create_task(server.serve())
    deadline = asyncio.get_running_loop().time() + 10
    while not server.started:  # poll until it listens
        assert asyncio.get_running_loop().time() < deadline, "receiver did not start"
        await asyncio.sleep(0.01)
    try:
        yield state
    finally:
        server.should_exit = True
        await task
