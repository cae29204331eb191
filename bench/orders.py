"""Tokens, order bodies and the one-off set-up (catalogs, rules, customers) an order needs to
go from submission to approval without a human: every review check passes automatically."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from orderflow.runtime.web.auth import AuthConfig, mint_token

AUTH = AuthConfig(
    secret="dev-only-change-me-0123456789abcdef",  # noqa: S106 - the services' dev default
    issuer="orderflow",
    audience="orderflow",
)
PRICE = "150.00"
# Quantities cycle per customer so that no two live orders of a customer have the same lines
# (the duplicate check would send them to clarification, R-2.4).
QUANTITIES = 50


def token(*scopes: str, subject: str = "bench") -> dict[str, str]:
    return {
        "Authorization": f"Bearer {mint_token(AUTH, subject=subject, scopes=scopes, kind='staff')}"
    }


SALES = token(
    "intake:orders:write",
    "intake:orders:read",
    "intake:orders:submit",
    "intake:customers:write",
    "intake:customers:read",
)
REVIEW = token(
    *(f"review:{d}:rules:{a}" for d in ("sales", "finance") for a in ("read", "write")),
    "review:rounds:read",
)
PRODUCTION = token("production:catalog:write", "production:catalog:read")
PROCUREMENT = token("procurement:suppliers:write", "procurement:inventory:write")
LOGISTICS = token("logistics:carriers:write", "logistics:carriers:read")


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def order_body(customer_id: str, sku: str, quantity: int) -> dict[str, Any]:
    total = f"{quantity * 150:.2f}"
    return {
        "customer_id": customer_id,
        "channel": "website",
        "currency": "EUR",
        "lines": [
            {
                "product_code": sku,
                "description": "Oak chair",
                "quantity": str(quantity),
                "unit": "pcs",
                "unit_price": PRICE,
            }
        ],
        "subtotal": total,
        "discount_total": "0.00",
        "tax_total": "0.00",
        "total": total,
        "payment_terms": "standard",
        "requested_delivery_date": (date.today() + timedelta(days=60)).isoformat(),
        "delivery_place": {
            "country": "DE",
            "region": "BY",
            "postcode": "80331",
            "address_lines": ["Hauptstr. 5"],
        },
    }


def customer_body(i: int) -> dict[str, Any]:
    return {
        "kind": "business",
        "name": f"Bench Customer {i}",
        "country": "DE",
        "address_lines": ["Hauptstr. 5"],
        "registration_status": "registered",
        "registration_number": f"HRB-{i}",
    }


def ok(response: httpx.Response, *status: int) -> Any:
    if response.status_code not in (status or (200, 201)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url}: {response.status_code} "
            f"{response.text[:500]}"
        )
    return response.json() if response.content else None


async def customers(http: httpx.AsyncClient, prefix: str, count: int) -> list[str]:
    """`count` registered customers in intake (`prefix` is intake's base path)."""
    sem = asyncio.Semaphore(16)

    async def one(i: int) -> str:
        async with sem:
            made = ok(
                await http.post(
                    f"{prefix}/v1/customers", json=customer_body(i), headers={**SALES, **key()}
                ),
                201,
            )
            return str(made["id"])

    return list(await asyncio.gather(*(one(i) for i in range(count))))


async def catalogs(http: httpx.AsyncClient, sku: str, item: str) -> None:
    """A product with a roomy work center, stock and a supplier, a carrier for DE/BY, and the
    sales rules (price list, payment terms) review checks against."""
    center = ok(
        await http.post(
            "/production/v1/work-centers",
            json={
                "name": f"Assembly {sku}",
                "kind": "line",
                "hours_per_day": "24",
                "hourly_rate": "50",
                "lead_person_id": "lead-anna",
                "working_weekdays": [0, 1, 2, 3, 4, 5, 6],
            },
            headers={**PRODUCTION, **key()},
        ),
        201,
    )
    product = {
        "code": sku,
        "name": "Oak chair",
        "quality_standard": "joints hold 120 kg",
        "routing": [
            {"operation": "assemble", "work_center_id": center["id"], "hours_per_unit": "0.0001"}
        ],
        "bill_of_materials": [
            {"item_code": item, "quantity_per_unit": "1", "unit": "kg", "unit_cost": "3"}
        ],
    }
    ok(await http.post("/production/v1/products", json=product, headers={**PRODUCTION, **key()}))
    ok(
        await http.post(
            "/procurement/v1/inventory/items",
            json={"item_code": item, "unit": "kg", "category": "wood", "on_hand": "100000000"},
            headers={**PROCUREMENT, **key()},
        )
    )
    ok(
        await http.post(
            "/procurement/v1/suppliers",
            json={
                "name": f"Holz {item}",
                "categories": ["wood"],
                "offers": [
                    {"item_code": item, "lead_time_days": 2, "unit_price": "3", "currency": "EUR"}
                ],
            },
            headers={**PROCUREMENT, **key()},
        )
    )
    await _carrier(http)
    for path, body in (
        ("price-lists", {"currency": "EUR", "prices": {sku: PRICE}}),
        ("payment-term-policies", {"tier": "standard", "allowed_terms": ["standard"]}),
    ):
        ok(await http.post(f"/review/v1/{path}", json=body, headers={**REVIEW, **key()}))


async def _carrier(http: httpx.AsyncClient) -> None:
    made = ok(
        await http.post(
            "/logistics/v1/carriers",
            json={"code": f"C{uuid.uuid4().hex[:8]}", "name": "Alpen Spedition"},
            headers={**LOGISTICS, **key()},
        )
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
    ok(
        await http.post(
            f"/logistics/v1/carriers/{made['carrier_id']}/service-areas",
            json=area,
            headers={**LOGISTICS, **key()},
        )
    )
    ok(
        await http.put(
            "/logistics/v1/cost-ceilings/EUR",
            json={"max_amount": "1000000", "max_share_of_order": "0.9"},
            headers=LOGISTICS,
        )
    )


async def credit(http: httpx.AsyncClient, customer_ids: list[str]) -> None:
    """Finance's records per customer: a generous limit and nothing overdue."""
    sem = asyncio.Semaphore(16)

    async def one(customer_id: str) -> None:
        async with sem:
            for path, body in (
                (
                    "credit-profiles",
                    {
                        "customer_id": customer_id,
                        "credit_rating": 80,
                        "credit_limit": "1000000000",
                        "currency": "EUR",
                    },
                ),
                (
                    "receivables",
                    {
                        "customer_id": customer_id,
                        "outstanding": "0",
                        "overdue": "0",
                        "currency": "EUR",
                    },
                ),
            ):
                ok(await http.post(f"/review/v1/{path}", json=body, headers={**REVIEW, **key()}))

    await asyncio.gather(*(one(c) for c in customer_ids))
