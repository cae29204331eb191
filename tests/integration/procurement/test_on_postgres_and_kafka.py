"""The purchasing flow on real parts: PostgreSQL and Apache Kafka (R-4.4–R-4.6)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from orderflow.contracts.registry import topic_for
from orderflow.runtime.messages import Message
from orderflow.runtime.outbox import message_headers
from orderflow.runtime.tables import outbox
from tests.integration.procurement.support import (
    add_item,
    add_supplier,
    plan_created,
    purchase_orders,
    receive,
    staff,
)
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration
T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T | None]], seconds: float = 30) -> T:
    """Poll `probe` until it gives something, or fail at the deadline."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        found = await probe()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"nothing within {seconds}s")
        await asyncio.sleep(0.1)


async def _unsent(svc: RunningService) -> int:
    async with svc.state.engine.connect() as conn:
        query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
        return int((await conn.execute(query)).scalar_one())


async def test_plan_from_kafka_to_purchase_order_receipt_and_ready(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """A plan arriving on Kafka is procured; the receipt's events leave through Kafka."""
    async with running_service(
        "procurement", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        await add_item(svc, "steel-s235", "4")
        await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        plan = plan_created(uuid.uuid4(), [("steel-s235", "10")], date(2026, 1, 20))
        headers = tuple((k, v.encode()) for k, v in message_headers(plan).items())
        await svc.state.bus.publisher().publish(
            [Message(topic_for("production"), plan.key, plan.to_bytes(), headers)]
        )

        [po] = await eventually(lambda: purchase_orders(svc))
        assert Decimal(po["quantity"]) == 6
        await receive(svc, po["id"], "6", passed=True)

        [fulfilled] = await svc.published("requisition.fulfilled")
        assert fulfilled.order_id == plan.order_id
        item = await svc.client.get("/v1/inventory/items/steel-s235", headers=staff(svc))
        assert Decimal(item.json()["reserved"]) == 10

        async def all_sent() -> bool:
            return await _unsent(svc) == 0

        await eventually(all_sent)  # the relay handed every event to Kafka (acks=all)


async def test_concurrent_plans_never_reserve_the_same_stock_twice(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-4.4: two plans wanting 7 of 10 at once: 10 reserved in all, 4 bought, never 14."""
    async with running_service(
        "procurement", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        await add_item(svc, "steel-s235", "10")
        await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        plans = [
            plan_created(uuid.uuid4(), [("steel-s235", "7")], date(2026, 1, 20)) for _ in range(2)
        ]
        await asyncio.gather(*(svc.deliver(plan) for plan in plans))

        item = await svc.client.get("/v1/inventory/items/steel-s235", headers=staff(svc))
        assert Decimal(item.json()["reserved"]) == 10
        [po] = await purchase_orders(svc)
        assert Decimal(po["quantity"]) == 4
