"""A plan's materials: reserve stock, buy the shortfall from a qualified supplier (R-4.4, R-4.5)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from orderflow.contracts import procurement as events
from orderflow.contracts.ids import uuid7
from tests.integration.procurement.support import (
    add_item,
    add_supplier,
    plan_created,
    purchase_orders,
    receive,
    staff,
    suspend,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration
NEEDED_BY = date(2026, 1, 20)  # the manual clock starts on 2026-01-05


async def test_short_material_is_bought_received_and_production_told_it_is_ready(
    tmp_path: Path,
) -> None:
    """R-4.4/R-4.5/R-4.6: stock is reserved, the shortfall bought, the receipt makes it ready."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "4")
        await add_supplier(svc, "Slow Cheap", [("steel-s235", 30, "1.00")])  # too late
        in_time = await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        await add_supplier(svc, "Fast Dear", [("steel-s235", 1, "9.00")])
        order_id = uuid.uuid4()

        await svc.deliver(plan_created(order_id, [("steel-s235", "10")], NEEDED_BY))

        [created] = await svc.published("requisition.created")
        line = created.narrow(events.RequisitionCreated).payload.lines[0]
        assert (line.reserved_quantity, line.shortfall_quantity) == (Decimal(4), Decimal(6))
        [placed] = await svc.published("purchase_order.placed")
        po = placed.narrow(events.PurchaseOrderPlaced).payload
        assert po.supplier_id == uuid.UUID(in_time["id"])  # cheapest that is in time
        assert po.selection_rule == "cheapest_in_time"
        assert po.order_ids == (order_id,)
        assert (po.lines[0].quantity, po.total, po.expected_on) == (
            Decimal(6),
            Decimal("15.00"),
            date(2026, 1, 10),
        )
        assert not await svc.published("requisition.fulfilled")

        receipt = await receive(svc, str(po.purchase_order_id), "6", passed=True)
        assert (
            receipt["quantity_accepted"] == "6.0000" or Decimal(receipt["quantity_accepted"]) == 6
        )

        [fulfilled] = await svc.published("requisition.fulfilled")
        assert fulfilled.order_id == order_id
        [received] = await svc.published("goods.received")
        assert received.narrow(events.GoodsReceived).payload.purchase_order_complete
        stock = await svc.client.get("/v1/inventory/items/steel-s235", headers=staff(svc))
        assert Decimal(stock.json()["on_hand"]) == 10
        assert Decimal(stock.json()["reserved"]) == 10
        latest = (await svc.published("item_availability.changed"))[-1]
        availability = latest.narrow(events.ItemAvailabilityChanged).payload
        assert (availability.on_hand, availability.reserved, availability.available) == (
            Decimal(10),
            Decimal(10),
            Decimal(0),
        )
        requisitions = await svc.client.get(
            "/v1/requisitions", params={"order_id": str(order_id)}, headers=staff(svc)
        )
        assert [r["status"] for r in requisitions.json()["items"]] == ["fulfilled"]


async def test_enough_stock_is_reserved_and_ready_at_once(tmp_path: Path) -> None:
    """R-4.4: no shortfall, no purchase order; production hears the materials are ready."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "bolt-m8", "100")
        await svc.deliver(plan_created(uuid.uuid4(), [("bolt-m8", "40")], NEEDED_BY))
        assert await svc.published("requisition.fulfilled")
        assert not await svc.published("purchase_order.placed")
        stock = await svc.client.get("/v1/inventory/items/bolt-m8", headers=staff(svc))
        assert Decimal(stock.json()["available"]) == 60


async def test_a_suspended_supplier_is_never_chosen(tmp_path: Path) -> None:
    """R-4.5: the cheapest and fastest supplier is suspended, so the other one gets the order."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "0")
        best = await add_supplier(svc, "Best But Suspended", [("steel-s235", 1, "0.50")])
        other = await add_supplier(svc, "Qualified", [("steel-s235", 7, "3.00")])
        await suspend(svc, best)

        await svc.deliver(plan_created(uuid.uuid4(), [("steel-s235", "5")], NEEDED_BY))

        [placed] = await svc.published("purchase_order.placed")
        assert placed.narrow(events.PurchaseOrderPlaced).payload.supplier_id == uuid.UUID(
            other["id"]
        )
        assert [s.payload for s in await svc.published("supplier.suspended")]


async def test_without_a_qualified_supplier_the_shortfall_stays_visible(tmp_path: Path) -> None:
    """R-4.5: only a suspended supplier offers it: no purchase order, the line stays short."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "2")
        await suspend(svc, await add_supplier(svc, "Only One", [("steel-s235", 1, "1")]))
        order_id = uuid.uuid4()
        await svc.deliver(plan_created(order_id, [("steel-s235", "5")], NEEDED_BY))
        assert not await svc.published("purchase_order.placed")
        assert await purchase_orders(svc) == []
        listed = await svc.client.get(
            "/v1/requisitions", params={"order_id": str(order_id)}, headers=staff(svc)
        )
        [requisition] = listed.json()["items"]
        assert requisition["status"] == "open"
        assert Decimal(requisition["lines"][0]["shortfall_quantity"]) == 3


async def test_the_selection_rule_is_configurable(tmp_path: Path) -> None:
    """R-4.5: with the `fastest` rule the quickest qualified supplier wins despite its price."""
    async with running_service("procurement", tmp_path, supplier_selection_rule="fastest") as svc:
        await add_item(svc, "steel-s235", "0")
        await add_supplier(svc, "Cheap", [("steel-s235", 5, "1.00")])
        fast = await add_supplier(svc, "Fast", [("steel-s235", 1, "9.00")])
        await svc.deliver(plan_created(uuid.uuid4(), [("steel-s235", "5")], NEEDED_BY))
        [placed] = await svc.published("purchase_order.placed")
        payload = placed.narrow(events.PurchaseOrderPlaced).payload
        assert (payload.supplier_id, payload.selection_rule) == (uuid.UUID(fast["id"]), "fastest")


async def test_a_redelivered_plan_reserves_only_once(tmp_path: Path) -> None:
    """R-4.4: the same plan arriving twice (a new event id) does not reserve twice."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "bolt-m8", "100")
        order_id = uuid.uuid4()
        first = plan_created(order_id, [("bolt-m8", "40")], NEEDED_BY)
        await svc.deliver(first)
        again = type(first).model_validate(first.model_dump() | {"event_id": uuid7()})
        await svc.deliver(again)
        stock = await svc.client.get("/v1/inventory/items/bolt-m8", headers=staff(svc))
        assert Decimal(stock.json()["reserved"]) == 40
