"""Helpers for intake's integration tests: tokens, a customer, an order body."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from sqlalchemy import func, select

from orderflow.runtime.tables import scheduled_jobs
from tests.support.service_app import RunningService

STAFF = (
    "intake:customers:write",
    "intake:customers:read",
    "intake:orders:write",
    "intake:orders:record",
    "intake:orders:read",
    "intake:orders:clarify",
    "intake:orders:submit",
    "intake:changes:write",
    "intake:cancellations:write",
    "intake:webhooks:read",
)
CANARY = {"name": "Canary Person Zqx", "email": "canary.zqx@example.org", "phone": "+49 30 998877"}
CANARY_STREET = "Canarystrasse 77"


def staff(svc: RunningService, subject: str = "sales-anna") -> dict[str, str]:
    return svc.auth(*STAFF, subject=subject)


def customer_token(svc: RunningService, customer_id: str) -> dict[str, str]:
    scopes = (
        "intake:orders:write",
        "intake:orders:read",
        "intake:orders:submit",
        "intake:customers:read",
        "intake:changes:write",
        "intake:cancellations:write",
    )
    return svc.auth(
        *scopes, kind="customer", subject=f"cust-{customer_id[:8]}", customer_id=customer_id
    )


def key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def new_customer(svc: RunningService, headers: dict[str, str] | None = None) -> str:
    body = {
        **CANARY,
        "kind": "business",
        "country": "DE",
        "address_lines": [CANARY_STREET],
        "registration_status": "registered",
        "registration_number": "HRB-1234",
    }
    response = await svc.client.post(
        "/v1/customers", json=body, headers={**(headers or staff(svc)), **key()}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def order_body(customer_id: str, channel: str = "website", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer_id": customer_id,
        "channel": channel,
        "currency": "EUR",
        "lines": [
            {
                "product_code": "PUMP-1",
                "description": "Pump",
                "quantity": "2",
                "unit": "pcs",
                "unit_price": "100.00",
                "discount": "10",
            },
            {
                "product_code": "VALVE-2",
                "description": "Valve",
                "quantity": "1",
                "unit": "pcs",
                "unit_price": "50",
            },
        ],
        "subtotal": "250.00",
        "discount_total": "10.00",
        "tax_total": "45.60",
        "total": "285.60",
        "payment_terms": "net30",
        "requested_delivery_date": "2026-02-20",
        "delivery_place": {
            "country": "DE",
            "region": "BE",
            "postcode": "10115",
            "address_lines": [CANARY_STREET],
        },
    }
    body.update(changes)
    return body


async def place(svc: RunningService, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await svc.client.post("/v1/orders", json=body, headers={**headers, **key()})
    assert response.status_code == 201, response.text
    return response


def if_match(response: Any) -> dict[str, str]:
    return {"If-Match": response.headers["ETag"]}


async def settle(svc: RunningService) -> None:
    """Run every due job until none is pending and due (the service's own scheduler pass at
    start-up may have picked one up already; wait for it rather than count)."""
    deadline = asyncio.get_running_loop().time() + 10
    while True:
        await svc.run_due_jobs()
        async with svc.state.engine.connect() as conn:
            pending = await conn.scalar(
                select(func.count())
                .select_from(scheduled_jobs)
                .where(scheduled_jobs.c.status == "pending")
                .where(scheduled_jobs.c.due_at <= svc.clock.now())
            )
        if pending == 0:
            return
        assert asyncio.get_running_loop().time() < deadline, f"{pending} job(s) never ran"
        await asyncio.sleep(0.02)
