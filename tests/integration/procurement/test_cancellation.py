"""An order's production stopped: its stock is released, its purchases cancelled (R-6.3)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import procurement as events
from orderflow.contracts import production as production_events
from orderflow.contracts.types import CheckResult, Money, RoundKind, Verdict, WorkState
from tests.integration.procurement.support import (
    add_item,
    add_supplier,
    plan_created,
    purchase_orders,
    staff,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


def stopped(order_id: uuid.UUID) -> Envelope[EventPayload]:
    payload = production_events.ProductionStopped(
        work_state=WorkState.NOT_STARTED,
        hours_worked=Decimal(0),
        cost_incurred=Money(amount=Decimal(0), currency="EUR"),
        reason="order cancelled by the customer",
    )
    return Envelope.new(payload, order_id=order_id)


async def test_stopping_an_order_releases_stock_and_cancels_open_purchases(
    tmp_path: Path,
) -> None:
    """R-6.3: reservations go back to available, the open purchase order is cancelled."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "4")
        await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        order_id = uuid.uuid4()
        await svc.deliver(plan_created(order_id, [("steel-s235", "10")], date(2026, 1, 20)))

        await svc.deliver(stopped(order_id))

        item = (await svc.client.get("/v1/inventory/items/steel-s235", headers=staff(svc))).json()
        assert (Decimal(item["reserved"]), Decimal(item["available"])) == (Decimal(0), Decimal(4))
        [cancelled] = await svc.published("purchase_order.cancelled")
        assert cancelled.narrow(events.PurchaseOrderCancelled).payload.order_ids == (order_id,)
        assert [po["status"] for po in await purchase_orders(svc)] == ["cancelled"]
        [requisition] = await svc.published("requisition.cancelled")
        assert requisition.order_id == order_id

        svc.clock.advance(timedelta(days=30))  # a cancelled purchase is never overdue
        await svc.run_due_jobs()
        assert not await svc.published("supplier_delay.raised")


def cancellation_round(order_id: uuid.UUID) -> Envelope[EventPayload]:
    payload = production_events.ProductionAssessmentAnswered(
        round_id=uuid.uuid4(),
        round_kind=RoundKind.CANCELLATION,
        order_version=1,
        result=CheckResult(verdict=Verdict.PASS),
    )
    return Envelope.new(payload, order_id=order_id)


async def test_a_cancellation_round_is_answered_with_the_open_purchases_cancellation_fee(
    tmp_path: Path,
) -> None:
    """R-6.3: procurement's line of the settlement: the fee (10% of what is still outstanding)
    for cancelling the order's open purchase orders, also on purchase_order.cancelled."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "4")
        await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        order_id = uuid.uuid4()
        await svc.deliver(plan_created(order_id, [("steel-s235", "10")], date(2026, 1, 20)))
        [po] = await purchase_orders(svc)
        fee = (Decimal(po["quantity"]) * Decimal("2.50") / 10).quantize(Decimal("0.01"))
        assert fee > 0

        await svc.deliver(cancellation_round(order_id))
        await svc.deliver(cancellation_round(uuid.uuid4()))  # an order with nothing bought
        costly, free = [
            e.narrow(events.MaterialsAssessmentAnswered).payload.impact
            for e in await svc.published("materials_assessment.answered")
        ]
        assert costly is not None
        assert free is not None
        assert costly.work_state is WorkState.PARTLY_DONE
        assert costly.cost_incurred == Money(amount=fee, currency="EUR")
        assert (free.work_state, free.cost_incurred) == (WorkState.NOT_STARTED, None)

        await svc.deliver(stopped(order_id))
        [cancelled] = await svc.published("purchase_order.cancelled")
        incurred = cancelled.narrow(events.PurchaseOrderCancelled).payload.cost_incurred
        assert incurred == Money(amount=fee, currency="EUR")
