"""Procurement's REST basics: scopes, idempotency, ETags, pagination, problems."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from orderflow.contracts import procurement as events
from tests.integration.procurement.support import (
    STAFF,
    add_item,
    add_supplier,
    plan_created,
    staff,
    suspend,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_creating_a_supplier_needs_the_scope_and_replays_by_key(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "0")
        body = {
            "name": "Acme Steel",
            "categories": ["steel"],
            "offers": [
                {
                    "item_code": "steel-s235",
                    "lead_time_days": 4,
                    "unit_price": "2",
                    "currency": "EUR",
                }
            ],
        }
        key = {"Idempotency-Key": "supplier-1"}
        readonly = svc.auth("procurement:suppliers:read") | key
        assert (
            await svc.client.post("/v1/suppliers", json=body, headers=readonly)
        ).status_code == 403
        customer = svc.auth(*STAFF, kind="customer", customer_id=str(uuid.uuid4()))
        assert (await svc.client.get("/v1/suppliers", headers=customer)).status_code in (403, 404)

        first = await svc.client.post("/v1/suppliers", json=body, headers=staff(svc, **key))
        second = await svc.client.post("/v1/suppliers", json=body, headers=staff(svc, **key))
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"]
        listed = await svc.client.get("/v1/suppliers", headers=staff(svc))
        assert len(listed.json()["items"]) == 1
        [qualified] = await svc.published("supplier.qualified")
        assert qualified.narrow(events.SupplierQualified).payload.categories == ("steel",)
        latest = (await svc.published("item_availability.changed"))[-1]
        options = latest.narrow(events.ItemAvailabilityChanged).payload.supply_options
        assert [o.supplier_id for o in options] == [uuid.UUID(first.json()["id"])]


async def test_an_offer_for_an_unknown_item_is_refused(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        body = {
            "name": "Acme",
            "categories": ["steel"],
            "offers": [
                {"item_code": "nope", "lead_time_days": 1, "unit_price": "1", "currency": "EUR"}
            ],
        }
        answer = await svc.client.post(
            "/v1/suppliers", json=body, headers=staff(svc, **{"Idempotency-Key": "k"})
        )
        assert answer.status_code == 422
        assert answer.json()["type"].endswith("/unknown-item")


async def test_offers_change_with_if_match_and_reach_the_replica(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "0")
        supplier = await add_supplier(svc, "Acme", [])
        url = f"/v1/suppliers/{supplier['id']}/offers/steel-s235"
        terms = {"lead_time_days": 3, "unit_price": "4.20", "currency": "EUR"}
        assert (await svc.client.put(url, json=terms, headers=staff(svc))).status_code == 428
        answer = await svc.client.put(url, json=terms, headers=staff(svc, **{"If-Match": '"1"'}))
        assert answer.status_code == 200, answer.text
        assert answer.headers["ETag"] == '"2"'
        latest = (await svc.published("item_availability.changed"))[-1]
        [option] = latest.narrow(events.ItemAvailabilityChanged).payload.supply_options
        assert (option.lead_time_days, option.unit_price.amount) == (3, Decimal("4.20"))
        stale = await svc.client.put(url, json=terms, headers=staff(svc, **{"If-Match": '"1"'}))
        assert stale.status_code == 412


async def test_lists_are_paged_with_a_cursor_and_capped(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        for n in range(5):
            await add_item(svc, f"item-{n}", "1", category="bolts" if n % 2 else "steel")
        first = await svc.client.get("/v1/inventory/items", params={"limit": 2}, headers=staff(svc))
        page = first.json()
        assert [i["item_code"] for i in page["items"]] == ["item-0", "item-1"]
        second = await svc.client.get(
            "/v1/inventory/items",
            params={"limit": 2, "cursor": page["next_cursor"]},
            headers=staff(svc),
        )
        assert [i["item_code"] for i in second.json()["items"]] == ["item-2", "item-3"]
        bolts = await svc.client.get(
            "/v1/inventory/items", params={"category": "bolts"}, headers=staff(svc)
        )
        assert [i["item_code"] for i in bolts.json()["items"]] == ["item-1", "item-3"]
        too_big = await svc.client.get(
            "/v1/inventory/items", params={"limit": 101}, headers=staff(svc)
        )
        assert too_big.status_code == 422


async def test_a_count_below_reserved_is_refused(tmp_path: Path) -> None:
    """R-4.4: a stock count may not leave less on hand than is reserved for orders."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "bolt-m8", "10")
        url = "/v1/inventory/items/bolt-m8/count"
        ok = await svc.client.post(
            url, json={"on_hand": "12"}, headers=staff(svc, **{"If-Match": '"1"'})
        )
        assert ok.status_code == 200, ok.text
        assert Decimal(ok.json()["on_hand"]) == 12
        await svc.deliver(plan_created(uuid.uuid4(), [("bolt-m8", "8")], date(2026, 1, 20)))
        current = await svc.client.get("/v1/inventory/items/bolt-m8", headers=staff(svc))
        assert Decimal(current.json()["reserved"]) == 8
        refused = await svc.client.post(
            url, json={"on_hand": "5"}, headers=staff(svc, **{"If-Match": current.headers["ETag"]})
        )
        assert refused.status_code == 422
        assert refused.json()["type"].endswith("/count-below-reserved")


async def test_an_unknown_purchase_order_is_a_404_problem(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        answer = await svc.client.get(f"/v1/purchase-orders/{uuid.uuid4()}", headers=staff(svc))
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")


async def test_suppliers_filter_by_category_and_status_across_pages(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        made = [
            await add_supplier(svc, f"S{n}", [], categories=("bolts",) if n % 2 else ("steel",))
            for n in range(5)
        ]
        await suspend(svc, made[3])
        seen: list[str] = []
        cursor: str | None = None
        for _ in range(10):  # a bounded walk: a cursor that never ends fails the test
            params: dict[str, str | int] = {"category": "bolts", "limit": 1}
            if cursor:
                params["cursor"] = cursor
            page = (await svc.client.get("/v1/suppliers", params=params, headers=staff(svc))).json()
            seen += [s["name"] for s in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        else:
            pytest.fail("the cursor never reached the last page")
        assert seen == ["S1", "S3"]
        qualified = await svc.client.get(
            "/v1/suppliers", params={"category": "bolts", "status": "qualified"}, headers=staff(svc)
        )
        assert [s["name"] for s in qualified.json()["items"]] == ["S1"]
