"""Aftersales on PostgreSQL and Apache Kafka: other departments' events arrive over Kafka."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, select

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts.logistics import ShipmentPurpose
from orderflow.runtime.messages import Message
from orderflow.runtime.outbox import message_headers
from orderflow.runtime.tables import outbox
from tests.integration.aftersales.support import customer, matching, payloads, staff, wait_for
from tests.support.service_app import RunningService, running_service
from tests.unit.aftersales.builders import (
    order_created,
    order_delivered,
    shipment_delivered,
    snapshot,
)

pytestmark = pytest.mark.integration


async def over_kafka(svc: RunningService, *events: Envelope[EventPayload]) -> None:
    """Publish as intake or logistics would: onto their topics, for the service to consume."""
    await svc.state.bus.publisher().publish(
        [
            Message(
                topic=f"orderflow.{e.producer}.events",
                key=e.key,
                value=e.to_bytes(),
                headers=tuple((k, v.encode()) for k, v in message_headers(e).items()),
            )
            for e in events
        ]
    )


async def get_json(svc: RunningService, url: str) -> Any:
    response = await svc.client.get(url, headers=staff(svc))
    return response.json() if response.status_code == 200 else None


async def test_failed_acceptance_ends_in_a_resupply_on_postgres_and_kafka(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-5.6: delivered over Kafka → inspection failed → resupply → closed by logistics' event."""
    async with running_service(
        "aftersales", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        order_id = UUID("01930000-0000-7000-8000-00000000a001")
        now = svc.clock.now()
        await over_kafka(
            svc, order_created(order_id, snapshot(), now), order_delivered(order_id, now)
        )

        async def opened() -> bool:
            page = await get_json(svc, f"/v1/acceptances?order_id={order_id}")
            return bool(page and page["items"])

        await wait_for(opened, what="the acceptance opened from Kafka events")
        (item,) = (await get_json(svc, f"/v1/acceptances?order_id={order_id}"))["items"]
        read = await svc.client.get(f"/v1/acceptances/{item['id']}", headers=customer(svc))
        failed = await svc.client.post(
            f"/v1/acceptances/{item['id']}/results",
            json={
                "items": [
                    {"item_no": 1, "passed": True},
                    {"item_no": 2, "passed": False, "finding": "2 valves missing"},
                ]
            },
            headers=matching(read, customer(svc)),
        )
        claim_url = f"/v1/claims/{failed.json()['claim_id']}"
        read = await svc.client.get(claim_url, headers=staff(svc))
        read = await svc.client.post(
            f"{claim_url}/verification",
            json={"fault": "company", "finding": "Picked short"},
            headers=matching(read, staff(svc)),
        )
        read = await svc.client.post(
            f"{claim_url}/remedy", json={"remedy": "resupply"}, headers=matching(read, staff(svc))
        )
        assert read.json()["status"] == "remedy_in_progress", read.text

        resupply = shipment_delivered(
            order_id, now, purpose=ShipmentPurpose.RESUPPLY, claim_id=UUID(read.json()["id"])
        )
        await over_kafka(svc, resupply)

        async def closed() -> bool:
            claim = await get_json(svc, claim_url)
            return bool(claim and claim["status"] == "closed")

        await wait_for(closed, what="logistics' resupply delivery to close the claim")
        assert (await get_json(svc, f"/v1/acceptances/{item['id']}"))[
            "status"
        ] == "accepted_after_claim"
        assert [p["remedy"] for p in await payloads(svc, "claim.closed")] == ["resupply"]

        async def all_sent() -> bool:
            async with svc.state.engine.connect() as conn:
                query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                return (await conn.scalar(query)) == 0

        await wait_for(all_sent, what="the relay to publish aftersales' events to Kafka")


async def test_a_ticket_deadline_breach_runs_from_postgres(
    tmp_path: Path, postgres_url: str
) -> None:
    """R-7.3: the persisted first-response deadline fires once on PostgreSQL (row locks)."""
    async with running_service("aftersales", tmp_path, database_url=postgres_url) as svc:
        opened = await svc.client.post(
            "/v1/tickets",
            json={"kind": "tech_support", "channel": "email", "summary": "Cannot pair the app"},
            headers={"Idempotency-Key": "pg-1", **customer(svc)},
        )
        assert opened.status_code == 201, opened.text
        svc.clock.advance(timedelta(hours=9))
        assert await svc.run_due_jobs() == 1
        assert await svc.run_due_jobs() == 0
        body = await get_json(svc, f"/v1/tickets/{opened.json()['id']}")
        assert body["first_response_breached"] is True
        assert len(await svc.published("service_ticket.sla_breached")) == 1
