"""The e2e suite runs as a client would, against both modes: `orderflow up` (embedded) and
the distributed topology behind its proxy (`deploy/topology.sh`, ORDERFLOW_TEST_BASE_URL).

Both get a real SMTP server for logistics' delivery notices: on a free port passed to the
embedded process, or on ORDERFLOW_TEST_SMTP_PORT (default 8025), where deploy/topology.sh
points the distributed logistics service."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.flow import SHOPIFY_SECRET
from tests.support import processes
from tests.support.required import skip_or_fail

DISTRIBUTED_SMTP_PORT = int(os.environ.get("ORDERFLOW_TEST_SMTP_PORT", "8025"))


@dataclass
class MailSink:
    """An aiosmtpd handler that keeps every message it accepts."""

    port: int = 0
    received: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:  # noqa: N802
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox() -> MailSink:
    return MailSink()


@pytest.fixture(params=["embedded", "distributed"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def smtp_server(mode: str, mailbox: MailSink) -> Iterator[MailSink]:
    """A real SMTP server on 127.0.0.1 for this test's delivery notices."""
    if mode == "distributed" and not os.environ.get("ORDERFLOW_TEST_BASE_URL"):
        skip_or_fail("no ORDERFLOW_TEST_BASE_URL: start deploy/topology.sh for the distributed run")
    mailbox.port = processes.free_port() if mode == "embedded" else DISTRIBUTED_SMTP_PORT
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


def embedded_env(smtp_port: int) -> dict[str, str]:
    """The `orderflow up` environment: the e2e Shopify secret and the test's SMTP server."""
    return {
        **os.environ,
        "ORDERFLOW_INTAKE_SHOPIFY_WEBHOOK_SECRET": SHOPIFY_SECRET,
        "ORDERFLOW_LOGISTICS_SMTP_HOST": "127.0.0.1",
        "ORDERFLOW_LOGISTICS_SMTP_PORT": str(smtp_port),
        "ORDERFLOW_LOGISTICS_NOTICE_RETRY_BASE_SECONDS": "1",
    }


@pytest.fixture
async def base_url(mode: str, smtp_server: MailSink, tmp_path: Path) -> AsyncIterator[str]:
    if mode == "distributed":
        yield str(os.environ["ORDERFLOW_TEST_BASE_URL"]).rstrip("/")
        return
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    log = embedded_log(tmp_path)
    proc = await processes.start(
        "up",
        "--port",
        str(port),
        "--data-dir",
        str(embedded_data(tmp_path)),
        env=embedded_env(smtp_server.port),
        log=log,
    )
    try:
        await processes.wait_ready(proc, f"{url}/reporting/readyz")
        yield url
    finally:
        await processes.interrupt(proc, log=log)


def embedded_data(tmp_path: Path) -> Path:
    """Where the embedded `orderflow up` of a test keeps its SQLite databases."""
    return tmp_path / "data"


def embedded_log(tmp_path: Path) -> Path:
    """The embedded `orderflow up`'s log (all seven services, one process)."""
    return tmp_path / "orderflow.log"
