"""Tracking purchase orders: overdue and reported delays, quality failures, scorecard (R-4.6)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from orderflow.contracts import procurement as events
from orderflow.contracts.procurement import DelaySource
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
NEEDED_BY = date(2026, 1, 20)


async def _one_purchase(svc: RunningService) -> tuple[uuid.UUID, dict[str, Any]]:
    """An order whose 6 kg shortfall is bought from a 5-day supplier (expected 2026-01-10)."""
    await add_item(svc, "steel-s235", "4")
    await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
    order_id = uuid.uuid4()
    await svc.deliver(plan_created(order_id, [("steel-s235", "10")], NEEDED_BY))
    [po] = await purchase_orders(svc)
    return order_id, po


async def test_expected_date_passing_without_receipt_raises_a_delay(tmp_path: Path) -> None:
    """R-4.6: the day after the expected date, an unreceived order puts the order at risk."""
    async with running_service("procurement", tmp_path) as svc:
        order_id, po = await _one_purchase(svc)
        svc.clock.set(svc.clock.now().replace(day=10, hour=23))
        await svc.run_due_jobs()
        assert not await svc.published("supplier_delay.raised")  # still the expected day

        svc.clock.advance(timedelta(hours=2))
        assert await svc.run_due_jobs() == 1

        [raised] = await svc.published("supplier_delay.raised")
        delay = raised.narrow(events.SupplierDelayRaised).payload
        assert delay.source is DelaySource.OVERDUE
        assert delay.order_ids == (order_id,)
        assert delay.expected_on == date(2026, 1, 10)
        detail = await svc.client.get(f"/v1/purchase-orders/{po['id']}", headers=staff(svc))
        assert [d["source"] for d in detail.json()["delays"]] == ["overdue"]

        await receive(svc, po["id"], "6", passed=True)  # late, but here: the delay is resolved
        [resolved] = await svc.published("supplier_delay.resolved")
        assert resolved.narrow(events.SupplierDelayResolved).payload.delay_id == delay.delay_id


async def test_goods_received_in_time_raise_no_delay(tmp_path: Path) -> None:
    """R-4.6: a receipt before the expected date disarms the overdue check."""
    async with running_service("procurement", tmp_path) as svc:
        _, po = await _one_purchase(svc)
        await receive(svc, po["id"], "6", passed=True)
        svc.clock.advance(timedelta(days=30))
        await svc.run_due_jobs()
        assert not await svc.published("supplier_delay.raised")


async def test_a_supplier_reported_delay_is_published_and_moves_the_expected_date(
    tmp_path: Path,
) -> None:
    """R-4.6: the supplier says 2026-01-15; the orders served are told, the date moves."""
    async with running_service("procurement", tmp_path) as svc:
        order_id, po = await _one_purchase(svc)
        url = f"/v1/purchase-orders/{po['id']}/delays"
        body = {"new_expected_on": "2026-01-15", "reason": "furnace breakdown"}
        key = {"Idempotency-Key": uuid.uuid4().hex}

        missing = await svc.client.post(url, json=body, headers=staff(svc, **key))
        assert missing.status_code == 428
        stale = await svc.client.post(
            url, json=body, headers=staff(svc, **key, **{"If-Match": '"9"'})
        )
        assert stale.status_code == 412
        headers = staff(svc, **key, **{"If-Match": f'"{po["version"]}"'})
        answer = await svc.client.post(url, json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        replay = await svc.client.post(url, json=body, headers=headers)
        assert replay.json() == answer.json()  # the same key answers the same, once

        [raised] = await svc.published("supplier_delay.raised")
        delay = raised.narrow(events.SupplierDelayRaised).payload
        assert (delay.source, delay.expected_on, delay.new_expected_on) == (
            DelaySource.SUPPLIER_REPORTED,
            date(2026, 1, 10),
            date(2026, 1, 15),
        )
        assert (delay.order_ids, delay.reason) == ((order_id,), "furnace breakdown")
        detail = (
            await svc.client.get(f"/v1/purchase-orders/{po['id']}", headers=staff(svc))
        ).json()
        assert detail["expected_on"] == "2026-01-15"

        svc.clock.set(svc.clock.now().replace(day=12))
        await svc.run_due_jobs()
        assert len(await svc.published("supplier_delay.raised")) == 1  # not overdue yet


async def test_an_earlier_date_is_not_a_delay(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        _, po = await _one_purchase(svc)
        headers = staff(svc, **{"Idempotency-Key": "k1", "If-Match": f'"{po["version"]}"'})
        answer = await svc.client.post(
            f"/v1/purchase-orders/{po['id']}/delays",
            json={"new_expected_on": "2026-01-08", "reason": "early"},
            headers=headers,
        )
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")


async def test_quality_failure_raises_the_issue_and_reorders(tmp_path: Path) -> None:
    """R-4.6: rejected goods do not enter stock; an issue is raised and the goods re-ordered."""
    async with running_service("procurement", tmp_path) as svc:
        order_id, po = await _one_purchase(svc)
        receipt = await receive(svc, po["id"], "6", passed=False, note="cracks in weld seams")
        assert receipt["reorder_purchase_order_id"] is not None

        [issue] = await svc.published("quality_issue.raised")
        raised = issue.narrow(events.QualityIssueRaised).payload
        assert (raised.quantity_rejected, raised.description) == (
            Decimal(6),
            "cracks in weld seams",
        )
        assert raised.order_ids == (order_id,)
        reorder = (await svc.published("purchase_order.placed"))[-1]
        replacement = reorder.narrow(events.PurchaseOrderPlaced).payload
        assert replacement.reorder_of == uuid.UUID(po["id"])
        assert replacement.lines[0].quantity == Decimal(6)
        stock = (await svc.client.get("/v1/inventory/items/steel-s235", headers=staff(svc))).json()
        assert Decimal(stock["on_hand"]) == 4
        assert not await svc.published("requisition.fulfilled")
        rejected = (
            await svc.client.get(f"/v1/purchase-orders/{po['id']}", headers=staff(svc))
        ).json()
        assert rejected["status"] == "rejected"
        again = await svc.client.post(
            f"/v1/purchase-orders/{po['id']}/receipts",
            json={"quantity_received": "6", "quality_passed": True},
            headers=staff(svc, **{"Idempotency-Key": "x", "If-Match": f'"{rejected["version"]}"'}),
        )
        assert again.status_code == 409

        await receive(svc, str(replacement.purchase_order_id), "6", passed=True)
        assert await svc.published("requisition.fulfilled")
        [resolved] = await svc.published("quality_issue.resolved")
        assert resolved.narrow(events.QualityIssueResolved).payload.issue_id == raised.issue_id


async def test_the_scorecard_counts_on_time_and_quality_from_history(tmp_path: Path) -> None:
    """R-4.5: one rejected on-time delivery, one late good one: 50 % quality, 50 % on time."""
    async with running_service("procurement", tmp_path) as svc:
        _, po = await _one_purchase(svc)
        await receive(svc, po["id"], "6", passed=False)
        [replacement] = await purchase_orders(svc, status="open")
        svc.clock.advance(timedelta(days=20))
        await receive(svc, replacement["id"], "6", passed=True)
        card = await svc.client.get(
            f"/v1/suppliers/{po['supplier_id']}/scorecard", headers=staff(svc)
        )
        assert card.json()["deliveries"] == 2
        assert Decimal(card.json()["on_time_rate"]) == Decimal("0.5")
        assert Decimal(card.json()["quality_pass_rate"]) == Decimal("0.5")
