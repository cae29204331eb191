"""Review on PostgreSQL and Kafka: intake's and departments' events arrive through the broker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select

from orderflow.contracts import Envelope, EventPayload, review
from orderflow.runtime.messages import Message
from orderflow.runtime.outbox import message_headers
from orderflow.runtime.tables import inbox, outbox
from tests.integration.review.support import (
    D,
    answer,
    customer_registered,
    standard_rules,
    submitted,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.review.builders import order

pytestmark = pytest.mark.integration
T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T | None]], seconds: float = 60) -> T:
    """Poll `probe` until it gives a value, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = await probe()
        if value:
            return value
        await asyncio.sleep(0.2)
    raise AssertionError(f"nothing after {seconds}s")


async def send(svc: RunningService, event: Envelope[EventPayload]) -> None:
    """Put the event on its producer's Kafka topic, as that service's relay would."""
    headers = tuple((k, v.encode()) for k, v in message_headers(event).items())
    topic = f"orderflow.{event.producer}.events"
    await svc.state.bus.publisher().publish([Message(topic, event.key, event.to_bytes(), headers)])


async def consumed(svc: RunningService, event: Envelope[EventPayload]) -> None:
    async def probe() -> bool:
        async with svc.state.engine.connect() as conn:
            query = select(inbox.c.event_id).where(inbox.c.event_id == str(event.event_id))
            return (await conn.execute(query)).first() is not None

    await eventually(probe)


async def test_an_order_is_approved_through_kafka_and_the_result_is_relayed(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-3.1, R-3.3 on real parts: submission and answers via Kafka, approval sent to Kafka."""
    async with running_service(
        "review", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        await standard_rules(svc)
        registered = customer_registered()
        await send(svc, registered)
        await consumed(svc, registered)
        order_id = uuid4()
        await send(svc, submitted(order_id, order()))

        async def round_requested() -> UUID | None:
            requests = await svc.published("assessment.requested")
            return (
                requests[0].narrow(review.AssessmentRequested).payload.round_id
                if requests
                else None
            )

        round_id = await eventually(round_requested)
        for department in (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS):
            await send(svc, answer(department, order_id, round_id))

        async def approval_sent() -> bool:
            async with svc.state.engine.connect() as conn:
                query = select(outbox.c.sent_at).where(
                    outbox.c.event_type == "review_round.approved"
                )
                return (await conn.execute(query)).scalar() is not None

        assert await eventually(approval_sent)
        shown = await svc.client.get(
            f"/v1/rounds/{round_id}", headers=svc.auth("review:rounds:read")
        )
        assert shown.json()["status"] == "approved"
