"""order-intake on PostgreSQL and Apache Kafka: the same code path as production."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from orderflow.runtime.tables import outbox
from tests.integration.intake import events
from tests.integration.intake.support import CANARY, key, new_customer, order_body, settle, staff
from tests.integration.intake.test_lifecycle import read, submit
from tests.integration.intake.test_webhooks_in import (
    SHOP_SECRET,
    orders_of,
    shopify_headers,
    shopify_order,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_orders_on_postgres_and_kafka(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """Enter, submit, approve: rows in PostgreSQL (PII as ciphertext), events relayed to Kafka."""
    async with running_service(
        "intake", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        customer_id = await new_customer(svc)
        headers = {**staff(svc), **key()}
        body = order_body(customer_id)
        responses = await asyncio.gather(
            *(svc.client.post("/v1/orders", json=body, headers=headers) for _ in range(20))
        )
        created = [r for r in responses if r.status_code == 201]
        assert {r.status_code for r in responses} <= {201, 409}
        assert len({r.json()["id"] for r in created}) == 1
        order_id = created[0].json()["id"]
        assert (await submit(svc, order_id)).json()["status"] == "under_review"
        await svc.deliver(events.approved(order_id))
        assert (await read(svc, order_id)).json()["status"] == "approved"
        async with svc.state.engine.connect() as conn:
            names = (await conn.execute(text("SELECT name_enc FROM customers"))).scalars().all()
        assert len(names) == 1
        assert CANARY["name"] not in names[0]
        deadline = time.monotonic() + 30
        while True:  # the relay publishes to Kafka and marks each row sent
            async with svc.state.engine.connect() as conn:
                unsent = await conn.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
                )
            if unsent == 0:
                break
            assert time.monotonic() < deadline, f"{unsent} event(s) never reached Kafka"
            await asyncio.sleep(0.1)
        types = [e.event_type for e in await svc.published()]
        assert types == [
            "customer.registered",
            "order.created",
            "order.checked",
            "order.submitted",
            "order.approved",
        ]


async def test_webhook_replays_on_postgres_make_one_order(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """100 concurrent replays of one Shopify delivery on PostgreSQL: one delivery, one order."""
    async with running_service(
        "intake",
        tmp_path,
        database_url=postgres_url,
        kafka_bootstrap=kafka_bootstrap,
        shopify_webhook_secret=SHOP_SECRET,
    ) as svc:
        body = shopify_order()
        responses = await asyncio.gather(
            *(
                svc.client.post("/v1/webhooks/shopify", content=body, headers=shopify_headers(body))
                for _ in range(100)
            )
        )
        assert {r.status_code for r in responses} == {202}
        assert len({r.json()["delivery_id"] for r in responses}) == 1
        await settle(svc)
        [order] = await orders_of(svc)
        assert order["platform_order_id"] == "820982911946154508"
        assert [e.event_type for e in await svc.published("order.created")] == ["order.created"]
