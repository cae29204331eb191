"""Change and cancellation requests, intake side (R-6.1, R-6.2, R-6.3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from orderflow.contracts.types import Department, Impact, RoundKind
from tests.integration.intake import events
from tests.integration.intake.support import if_match, order_body, staff
from tests.integration.intake.test_lifecycle import read, submitted_order
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration


def proposal(**changes: Any) -> dict[str, Any]:
    body = order_body("x", requested_delivery_date="2026-03-01", **changes)
    del body["customer_id"], body["channel"]
    return body


async def ask_change(svc: RunningService, order_id: str) -> Any:
    current = await read(svc, order_id)
    return await svc.client.post(
        f"/v1/orders/{order_id}/change-requests",
        json={"kinds": ["delivery_date"], "reason": "Site not ready", "proposed": proposal()},
        headers={**staff(svc), **if_match(current)},
    )


async def test_an_approved_change_makes_the_next_order_version(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.approved(order_id))
        response = await ask_change(svc, order_id)
        assert response.status_code == 202, response.text
        request_id = response.json()["request_id"]
        requested = (await svc.published("order.change_requested"))[0].payload
        assert requested.current_version == 1  # type: ignore[attr-defined]
        assert (await ask_change(svc, order_id)).status_code == 409  # one at a time
        await svc.deliver(
            events.approved(
                order_id, kind=RoundKind.CHANGE, change_request_id=request_id, impact=Impact()
            )
        )
        order = (await read(svc, order_id)).json()
        assert (order["status"], order["version"]) == ("approved", 2)
        assert order["content"]["requested_delivery_date"] == "2026-03-01"
        changed = (await svc.published("order.changed"))[0].payload
        assert changed.order.version == 2  # type: ignore[attr-defined]


async def test_a_rejected_change_records_the_reason_and_keeps_the_order(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        request_id = (await ask_change(svc, order_id)).json()["request_id"]
        await svc.deliver(
            events.rejected(order_id, kind=RoundKind.CHANGE, change_request_id=request_id)
        )
        order = (await read(svc, order_id)).json()
        assert (order["status"], order["version"]) == ("under_review", 1)
        assert order["history"][-1]["transition"] == "order.change_rejected"
        assert order["history"][-1]["why"]["reasons"][0]["rule"] == "credit-limit"


async def test_a_change_to_a_draft_is_an_edit_not_a_request(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.rejected(order_id))
        assert (await ask_change(svc, order_id)).status_code == 409


async def cancel(svc: RunningService, order_id: str) -> Any:
    current = await read(svc, order_id)
    return await svc.client.post(
        f"/v1/orders/{order_id}/cancellation-requests",
        json={"reason": "Project stopped"},
        headers={**staff(svc), **if_match(current)},
    )


async def test_a_cancellation_ends_cancelled_with_the_settlement(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.approved(order_id))
        await svc.deliver(events.plan_created(order_id))
        response = await cancel(svc, order_id)
        assert response.status_code == 202
        assert (await read(svc, order_id)).json()["status"] == "cancelling"
        settlement = (
            events.cost(Department.PRODUCTION, "120.00"),
            events.cost(Department.PROCUREMENT, "30.50"),
        )
        await svc.deliver(
            events.approved(
                order_id,
                kind=RoundKind.CANCELLATION,
                cancellation_request_id=response.json()["request_id"],
                settlement=settlement,
            )
        )
        assert (await read(svc, order_id)).json()["status"] == "cancelled"
        cancelled = (await svc.published("order.cancelled"))[0].payload
        assert str(cancelled.total_cost_incurred.amount) == "150.50"  # type: ignore[attr-defined]
        assert (await cancel(svc, order_id)).status_code == 409


async def test_a_refused_cancellation_returns_the_order_to_its_state(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.approved(order_id))
        await svc.deliver(events.plan_created(order_id))
        request_id = (await cancel(svc, order_id)).json()["request_id"]
        await svc.deliver(
            events.rejected(
                order_id, kind=RoundKind.CANCELLATION, cancellation_request_id=request_id
            )
        )
        order = (await read(svc, order_id)).json()
        assert order["status"] == "in_production"
        assert order["history"][-1]["transition"] == "order.cancellation_refused"
