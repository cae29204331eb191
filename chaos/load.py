"""The load: the catalog every automatic assessment needs, then N orders entered and
submitted through the public API (R-2.1, R-3.1), with bounded concurrency.

Orders spread over a pool of customers and products, each (customer, product, quantity)
used once, so intake's duplicate check (R-2.4) never mistakes one for another."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from chaos.api import RETRY, Api, ApiError, idempotency

PRICE = Decimal("150.00")
WEEK = [0, 1, 2, 3, 4, 5, 6]


@dataclass(frozen=True)
class Catalog:
    customers: tuple[str, ...]
    products: tuple[str, ...]


@dataclass
class Progress:
    """What the load has done so far; the fault driver paces itself by it."""

    total: int
    submitted: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None


async def prepare(api: Api, customers: int, products: int) -> Catalog:
    """Carrier, rules, work centers, products, stock and registered customers with credit."""
    await _logistics(api)
    skus = tuple(f"CHAOS-{i:03d}" for i in range(products))
    await api.create(
        "/review/v1/payment-term-policies",
        "review",
        {"tier": "standard", "allowed_terms": ["standard"]},
    )
    await api.create(
        "/review/v1/price-lists",
        "review",
        {"currency": "EUR", "prices": {sku: str(PRICE) for sku in skus}},
    )
    limit = asyncio.Semaphore(6)

    async def bounded(job: Any) -> Any:
        async with limit:
            return await job

    await asyncio.gather(*(bounded(_product(api, sku)) for sku in skus))
    ids = await asyncio.gather(*(bounded(_customer(api, i)) for i in range(customers)))
    return Catalog(tuple(ids), skus)


async def _logistics(api: Api) -> None:
    carrier = await api.create(
        "/logistics/v1/carriers", "logistics", {"code": "CHAOS", "name": "Chaos Freight"}
    )
    area = {
        "country": "DE",
        "region": "BY",
        "mode": "road",
        "transit_days": 1,
        "currency": "EUR",
        "rate_per_shipment": "20",
        "rate_per_kg": "0.1",
        "rate_per_m3": "0",
    }
    await api.create(
        f"/logistics/v1/carriers/{carrier['carrier_id']}/service-areas", "logistics", area
    )
    ceiling = {"max_amount": "100000", "max_share_of_order": "0.5"}
    await api.call("PUT", "/logistics/v1/cost-ceilings/EUR", "logistics", (200, 201), json=ceiling)


async def _product(api: Api, sku: str) -> None:
    """One work center per product (assessments lock their centers), stock for years."""
    center = await api.create(
        "/production/v1/work-centers",
        "production",
        {
            "name": f"Line {sku}",
            "kind": "line",
            "hours_per_day": "24",
            "hourly_rate": "50",
            "lead_person_id": "lead-chaos",
            "working_weekdays": WEEK,
        },
    )
    item = f"WOOD-{sku}"
    product = {
        "code": sku,
        "name": "Chaos chair",
        "quality_standard": "joints hold 120 kg",
        "routing": [
            {"operation": "assemble", "work_center_id": center["id"], "hours_per_unit": "0.05"}
        ],
        "bill_of_materials": [
            {"item_code": item, "quantity_per_unit": "1", "unit": "kg", "unit_cost": "3"}
        ],
    }
    await api.create("/production/v1/products", "production", product)
    stock = {"item_code": item, "unit": "kg", "category": "wood", "on_hand": "10000000"}
    await api.create("/procurement/v1/inventory/items", "procurement", stock)


async def _customer(api: Api, number: int) -> str:
    customer = await api.create(
        "/intake/v1/customers",
        "sales",
        {
            "kind": "business",
            "name": f"Chaos customer {number}",
            "country": "DE",
            "registration_status": "registered",
            "registration_number": f"HRB{number:05d}",
        },
    )
    customer_id = str(customer["id"])
    credit = {"customer_id": customer_id, "credit_rating": 90, "credit_limit": "1000000000"}
    await api.create("/review/v1/credit-profiles", "review", {**credit, "currency": "EUR"})
    owed = {"customer_id": customer_id, "outstanding": "0", "overdue": "0", "currency": "EUR"}
    await api.create("/review/v1/receivables", "review", owed)
    return customer_id


def order_body(index: int, catalog: Catalog) -> dict[str, Any]:
    """Order `index`: a unique (customer, product, quantity) so no two are duplicates."""
    customers, products = len(catalog.customers), len(catalog.products)
    quantity = 1 + index // (customers * products)
    total = str(PRICE * quantity)
    return {
        "customer_id": catalog.customers[index % customers],
        "channel": "website",
        "currency": "EUR",
        "lines": [
            {
                "product_code": catalog.products[(index // customers) % products],
                "description": "Chaos chair",
                "quantity": str(quantity),
                "unit": "pcs",
                "unit_price": str(PRICE),
            }
        ],
        "subtotal": total,
        "total": total,
        "payment_terms": "standard",
        "requested_delivery_date": (date.today() + timedelta(days=90)).isoformat(),
        "delivery_place": {
            "country": "DE",
            "region": "BY",
            "postcode": "80331",
            "address_lines": ["Hauptstr. 5"],
        },
    }


async def submit_order(api: Api, body: dict[str, Any]) -> str:
    """Enter the order (idempotent), then submit it for review with If-Match."""
    created = await api.call(
        "POST",
        "/intake/v1/orders",
        "sales",
        (201,),
        RETRY | {409},
        json=body,
        headers=idempotency(),
    )
    order = created.json()
    if order["status"] != "draft" or not order["checked"]:
        raise ApiError(f"order {order['id']} not a checked draft: {order['status']}")
    etag = created.headers["ETag"]
    path = f"/intake/v1/orders/{order['id']}"
    for _ in range(20):
        answer = await api.call(
            "POST", f"{path}/submission", "sales", (200, 409, 412), headers={"If-Match": etag}
        )
        if answer.status_code == 200:
            return str(order["id"])
        current = await api.call("GET", path, "sales", (200,))
        if current.json()["status"] != "draft":  # an attempt whose answer was lost went through
            return str(order["id"])
        etag = current.headers["ETag"]
    raise ApiError(f"order {order['id']}: submission kept conflicting")


async def run(
    api: Api, catalog: Catalog, progress: Progress, concurrency: int, rate: float
) -> None:
    """Submit `progress.total` orders with `concurrency` workers, at most `rate` per second."""
    indices = iter(range(progress.total))
    progress.started = time.monotonic()

    async def worker() -> None:
        for index in indices:
            if rate > 0:  # pace: order i starts no earlier than i / rate seconds in
                await asyncio.sleep(max(0.0, progress.started + index / rate - time.monotonic()))
            try:
                progress.submitted.append(await submit_order(api, order_body(index, catalog)))
            except ApiError as exc:
                progress.failures.append(str(exc))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    progress.finished = time.monotonic()
