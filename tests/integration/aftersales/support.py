"""Aftersales through its API: tokens per role, a delivered order, polling helpers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from orderflow.contracts.snapshot import OrderSnapshot
from tests.support.service_app import RunningService
from tests.unit.aftersales.builders import CUSTOMER, order_created, order_delivered, snapshot

STAFF_SCOPES = (
    "aftersales:acceptances:read",
    "aftersales:acceptances:write",
    "aftersales:acceptance-terms:write",
    "aftersales:claims:read",
    "aftersales:claims:write",
    "aftersales:tickets:read",
    "aftersales:tickets:write",
    "aftersales:tickets:handle",
    "aftersales:service-levels:write",
    "aftersales:follow-ups:read",
    "aftersales:follow-ups:write",
    "aftersales:surveys:read",
    "aftersales:surveys:write",
)
CUSTOMER_SCOPES = (
    "aftersales:acceptances:read",
    "aftersales:acceptances:write",
    "aftersales:claims:read",
    "aftersales:tickets:read",
    "aftersales:tickets:write",
    "aftersales:surveys:read",
    "aftersales:surveys:write",
)


def staff(svc: RunningService) -> dict[str, str]:
    return svc.auth(*STAFF_SCOPES, subject="agent-7")


def customer(svc: RunningService, customer_id: UUID = CUSTOMER) -> dict[str, str]:
    return svc.auth(
        *CUSTOMER_SCOPES,
        kind="customer",
        subject=f"cust-{customer_id}",
        customer_id=str(customer_id),
    )


def matching(response: Any, extra: dict[str, str] | None = None) -> dict[str, str]:
    """`If-Match` with the ETag just read, plus any other headers."""
    return {"If-Match": response.headers["ETag"], **(extra or {})}


async def deliver_order(
    svc: RunningService, *, order: OrderSnapshot | None = None, delivered_at: datetime | None = None
) -> UUID:
    """An order intake created and delivered; aftersales hears of both."""
    order_id = uuid4()
    at = delivered_at or svc.clock.now()
    await svc.deliver(order_created(order_id, order or snapshot(), at))
    await svc.deliver(order_delivered(order_id, at))
    return order_id


async def acceptance_of(svc: RunningService, order_id: UUID) -> Any:
    found = await svc.client.get(f"/v1/acceptances?order_id={order_id}", headers=staff(svc))
    assert found.status_code == 200, found.text
    (item,) = found.json()["items"]
    response = await svc.client.get(f"/v1/acceptances/{item['id']}", headers=staff(svc))
    assert response.status_code == 200, response.text
    return response


async def payloads(svc: RunningService, event_type: str) -> list[dict[str, Any]]:
    return [e.payload.model_dump(mode="json") for e in await svc.published(event_type)]


async def wait_for(
    check: Callable[[], Awaitable[bool]], *, timeout: float = 60.0, what: str = "condition"
) -> None:
    """Poll with a deadline, never sleep as synchronisation."""
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)
