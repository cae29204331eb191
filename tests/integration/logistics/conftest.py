"""A running logistics service wired to a real SMTP server and a stand-in intake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.integration.logistics import support
from tests.support.service_app import RunningService, running_service


@pytest.fixture
def mail() -> support.MailSink:
    return support.MailSink()


@pytest.fixture
def contacts() -> dict[UUID, dict[str, Any]]:
    return {}


@pytest.fixture
async def svc(
    tmp_path: Path, mail: support.MailSink, contacts: dict[UUID, dict[str, Any]]
) -> AsyncIterator[RunningService]:
    with support.smtp_server(mail) as port:
        async with running_service(
            "logistics",
            tmp_path,
            smtp_port=port,
            peer_urls={"intake": "http://intake"},
            notice_retry_base_seconds=60,
        ) as service:
            service.app.state.notifier.intake_transport = support.intake_stand_in(
                service.app.state.auth, contacts
            )
            yield service
