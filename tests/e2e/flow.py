"""A client of OrderFlow over HTTP, for the end-to-end lifecycle: tokens, polling, set-up steps."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any, TypeVar

import httpx
from PIL import Image

from orderflow.runtime.web.auth import AuthConfig, mint_token

AUTH = AuthConfig(
    secret="dev-only-change-me-0123456789abcdef", issuer="orderflow", audience="orderflow"
)
# The inbound Shopify secret the e2e topology gives intake (conftest and deploy/topology.sh).
SHOPIFY_SECRET = "e2e-shopify-secret"

T = TypeVar("T")

DEPARTMENTS = ("sales", "finance", "production", "procurement", "logistics")
SALES: tuple[str, ...] = (
    "intake:orders:read",
    "intake:orders:write",
    "intake:orders:submit",
    "intake:orders:clarify",
    "intake:changes:write",
    "intake:cancellations:write",
    "intake:webhooks:read",
    "intake:customers:read",
    "intake:customers:write",
    "intake:contacts:read",
)
REVIEW: tuple[str, ...] = (
    "review:rounds:read",
    *(f"review:{d}:rules:{a}" for d in ("sales", "finance") for a in ("read", "write")),
    *(f"review:{d}:decide" for d in DEPARTMENTS),
)
PRODUCTION: tuple[str, ...] = (
    "production:catalog:read",
    "production:catalog:write",
    "production:plans:read",
    "production:tasks:assign",
    "production:progress:write",
    "production:qc:write",
)
PROCUREMENT: tuple[str, ...] = (
    "procurement:suppliers:read",
    "procurement:suppliers:write",
    "procurement:inventory:read",
    "procurement:inventory:write",
    "procurement:purchase-orders:read",
    "procurement:purchase-orders:write",
    "procurement:receipts:write",
)
LOGISTICS: tuple[str, ...] = (
    "logistics:carriers:read",
    "logistics:carriers:write",
    "logistics:shipments:read",
    "logistics:shipments:write",
    "logistics:tracking:write",
    "logistics:proofs:write",
    "logistics:notices:read",
    "logistics:documents:read",
)
AFTERSALES: tuple[str, ...] = tuple(
    f"aftersales:{r}:{a}"
    for r in ("acceptances", "claims", "follow-ups", "surveys")
    for a in ("read", "write")
)


def token(subject: str, *scopes: str) -> dict[str, str]:
    jwt = mint_token(AUTH, subject=subject, scopes=scopes, kind="staff")
    return {"Authorization": f"Bearer {jwt}"}


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def match(version: object) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def eventually(
    probe: Callable[[], Awaitable[T | None]], timeout: float = 60, what: str = "condition"
) -> T:
    """Poll `probe` until it returns something truthy; fail with `what` at the deadline."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} not reached within {timeout}s (last: {last!r})")


def ok(response: httpx.Response, *status: int) -> Any:
    assert response.status_code in (status or (200,)), (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response.json() if response.content else None


HAPPY = (
    "draft",
    "under_review",
    "approved",
    "in_production",
    "ready_to_ship",
    "shipped",
    "delivered",
    "accepted",
    "closed",
)


class Client:
    """One client session against the public base URL, with a token per department."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.sales = token("sales-e2e", *SALES)
        self.review = token("reviewer-e2e", *REVIEW)
        self.production = token("planner-e2e", *PRODUCTION)
        self.procurement = token("buyer-e2e", *PROCUREMENT)
        self.logistics = token("dispatcher-e2e", *LOGISTICS)
        self.aftersales = token("care-e2e", *AFTERSALES)

    async def get(self, path: str, headers: dict[str, str], **params: Any) -> Any:
        return ok(await self.http.get(path, headers=headers, params=params))

    async def order(self, order_id: str) -> Any:
        return await self.get(f"/intake/v1/orders/{order_id}", self.sales)

    async def order_status(self, order_id: str, status: str, timeout: float = 60) -> Any:
        """Wait until the order is in `status`, or past it on the happy path (no race)."""
        target = HAPPY.index(status) if status in HAPPY else None

        async def probe() -> Any:
            order = await self.order(order_id)
            if order["status"] == status:
                return order
            if target is not None and order["status"] in HAPPY:
                return order if HAPPY.index(order["status"]) > target else None
            return None

        try:
            return await eventually(probe, timeout, f"order {order_id} {status}")
        except AssertionError as exc:
            order = await self.order(order_id)
            rounds = (
                await self.http.get(
                    "/review/v1/rounds", params={"order_id": order_id}, headers=self.review
                )
            ).text
            raise AssertionError(f"{exc}; order is {order['status']}; rounds: {rounds}") from None


# ---- intake --------------------------------------------------------------------------------


def shopify_order(
    platform_id: int, sku: str, quantity: int, price: str, contact: dict[str, str] | None = None
) -> bytes:
    """A Shopify `orders/create` body; `contact` overrides the buyer's personal data
    (email, first_name, last_name, phone, address1)."""
    person = {
        "email": f"buyer-{platform_id}@example.org",
        "first_name": "Bo",
        "last_name": "Buyer",
        "phone": "+4989123456",
        "address1": "Hauptstr. 5",
        **(contact or {}),
    }
    total = f"{quantity * float(price):.2f}"
    payload = {
        "id": platform_id,
        "currency": "EUR",
        "total_price": total,
        "total_tax": "0.00",
        "total_discounts": "0.00",
        "line_items": [
            {
                "variant_id": platform_id % 100000,
                "sku": sku,
                "title": "Oak chair",
                "quantity": quantity,
                "price": price,
                "total_discount": "0.00",
            }
        ],
        "customer": {
            "id": platform_id + 1,
            "email": person["email"],
            "first_name": person["first_name"],
            "last_name": person["last_name"],
            "phone": person["phone"],
        },
        "shipping_address": {
            "name": f"{person['first_name']} {person['last_name']}",
            "address1": person["address1"],
            "zip": "80331",
            "city": "Muenchen",
            "country_code": "DE",
            "province_code": "BY",
        },
    }
    return json.dumps(payload).encode()


async def order_from_shopify(
    client: Client, sku: str, quantity: int, price: str, contact: dict[str, str] | None = None
) -> Any:
    """Post a signed Shopify webhook and wait until intake mapped it to an order."""
    platform_id = uuid.uuid4().int % 10**15
    body = shopify_order(platform_id, sku, quantity, price, contact)
    digest = hmac.new(SHOPIFY_SECRET.encode(), body, hashlib.sha256).digest()
    headers = {
        "X-Shopify-Hmac-Sha256": base64.b64encode(digest).decode(),
        "X-Shopify-Event-Id": f"evt-{platform_id}",
        "X-Shopify-Topic": "orders/create",
        "Content-Type": "application/json",
    }
    receipt = ok(
        await client.http.post("/intake/v1/webhooks/shopify", content=body, headers=headers), 202
    )

    async def mapped() -> Any:
        delivery = await client.get(
            f"/intake/v1/webhook-deliveries/{receipt['delivery_id']}", client.sales
        )
        assert delivery["status"] != "failed", delivery
        return delivery if delivery.get("order_id") else None

    delivery = await eventually(mapped, what="webhook mapped to an order")
    return await client.order(str(delivery["order_id"]))


async def register_customer(client: Client, customer_id: str) -> None:
    """Sales qualifies the web shop's buyer: legally registered (review's sales check)."""
    path = f"/intake/v1/customers/{customer_id}"
    current = await client.http.get(path, headers=client.sales)
    ok(current)
    ok(
        await client.http.patch(
            path,
            json={"registration_status": "registered"},
            headers={**client.sales, "If-Match": current.headers["ETag"]},
        )
    )


def content_of(order: dict[str, Any]) -> dict[str, Any]:
    """The order's content as an edit or change request sends it (OrderContent)."""
    allowed = (
        "currency",
        "lines",
        "subtotal",
        "discount_total",
        "tax_total",
        "total",
        "payment_terms",
        "delivery_place",
        "special",
        "acceptance_period_days",
        "requested_delivery_date",
    )
    content = {k: v for k, v in order["content"].items() if k in allowed}
    content["lines"] = [
        {k: v for k, v in ln.items() if k not in ("line_no", "line_total")}
        for ln in content["lines"]
    ]
    content["delivery_place"] = {
        k: v for k, v in content["delivery_place"].items() if k != "site_ref"
    }
    content["delivery_place"]["address_lines"] = order["delivery_address_lines"]
    return content


async def set_delivery_date(client: Client, order: dict[str, Any], days: int) -> Any:
    """Sales edits the draft's requested delivery date (a webhook order gets 14 days)."""
    content = content_of(order)
    content["requested_delivery_date"] = (date.today() + timedelta(days=days)).isoformat()
    return ok(
        await client.http.put(
            f"/intake/v1/orders/{order['id']}",
            json=content,
            headers={**client.sales, **match(order["version"])},
        )
    )  # the read it edits is fresh: version and ETag agree there


async def checked(client: Client, order_id: str) -> Any:
    """Wait for intake's information check of the current content (R-2.4)."""

    async def probe() -> Any:
        order = await client.order(order_id)
        assert order["status"] != "needs_clarification", order["questions"]
        return order if order["checked"] and order["status"] == "draft" else None

    return await eventually(probe, what=f"order {order_id} checked")


async def submit(client: Client, order: dict[str, Any], path: str = "submission") -> Any:
    current = await client.http.get(f"/intake/v1/orders/{order['id']}", headers=client.sales)
    return ok(
        await client.http.post(
            f"/intake/v1/orders/{order['id']}/{path}",
            headers={**client.sales, "If-Match": current.headers["ETag"]},
        )
    )


# ---- rules and catalogs --------------------------------------------------------------------


async def review_rules(client: Client, customer_id: str, sku: str, price: str, limit: str) -> None:
    """Sales and finance rule records the four checks need (R-3.1, R-3.2)."""
    h = client.review
    posts = [
        (
            "credit-profiles",
            {
                "customer_id": customer_id,
                "credit_rating": 80,
                "credit_limit": limit,
                "currency": "EUR",
            },
        ),
        (
            "receivables",
            {"customer_id": customer_id, "outstanding": "0", "overdue": "0", "currency": "EUR"},
        ),
    ]
    for path, body in posts:
        ok(await client.http.post(f"/review/v1/{path}", json=body, headers={**h, **key()}), 201)
    await upsert(
        client, "price-lists", "EUR", {"currency": "EUR", "prices": {sku: price}}, merge="prices"
    )
    await upsert(
        client,
        "payment-term-policies",
        "standard",
        {"tier": "standard", "allowed_terms": ["standard"]},
    )


async def upsert(
    client: Client, path: str, key_: str, body: dict[str, Any], merge: str | None = None
) -> None:
    """Create a rule record, or write its next version (merging a dict field) if it exists."""
    h = client.review
    current = await client.http.get(f"/review/v1/{path}/{key_}", headers=h)
    if current.status_code == 404:
        created = await client.http.post(f"/review/v1/{path}", json=body, headers={**h, **key()})
        if created.status_code == 201:
            return
        current = await client.http.get(f"/review/v1/{path}/{key_}", headers=h)
    record = ok(current)
    if merge:
        body = {**body, merge: {**record["data"][merge], **body[merge]}}
    ok(
        await client.http.put(
            f"/review/v1/{path}/{key_}",
            json=body,
            headers={**h, "If-Match": current.headers["ETag"]},
        )
    )


async def credit_limit(client: Client, customer_id: str, limit: str) -> None:
    h = client.review
    current = await client.http.get(f"/review/v1/credit-profiles/{customer_id}", headers=h)
    record = ok(current)
    body = {**record["data"], "credit_limit": limit}
    ok(
        await client.http.put(
            f"/review/v1/credit-profiles/{customer_id}",
            json=body,
            headers={**h, "If-Match": current.headers["ETag"]},
        )
    )


async def shop_floor(client: Client, sku: str, item: str) -> str:
    """A work center and a product routed through it with one bought-in material."""
    h = client.production
    center = ok(
        await client.http.post(
            "/production/v1/work-centers",
            json={
                "name": f"Assembly {sku}",
                "kind": "line",
                "hours_per_day": "8",
                "hourly_rate": "50",
                "lead_person_id": "lead-anna",
                "working_weekdays": [0, 1, 2, 3, 4, 5, 6],
            },
            headers={**h, **key()},
        ),
        201,
    )
    product = {
        "code": sku,
        "name": "Oak chair",
        "quality_standard": "joints hold 120 kg",
        "routing": [
            {"operation": "assemble", "work_center_id": center["id"], "hours_per_unit": "1"}
        ],
        "bill_of_materials": [
            {"item_code": item, "quantity_per_unit": "2", "unit": "kg", "unit_cost": "3"}
        ],
    }
    ok(await client.http.post("/production/v1/products", json=product, headers={**h, **key()}), 201)
    return str(center["id"])


async def supply(client: Client, item: str, on_hand: str) -> str:
    """An item with short stock and a qualified supplier who delivers it in two days."""
    h = client.procurement
    ok(
        await client.http.post(
            "/procurement/v1/inventory/items",
            json={"item_code": item, "unit": "kg", "category": "wood", "on_hand": on_hand},
            headers={**h, **key()},
        ),
        201,
    )
    supplier = ok(
        await client.http.post(
            "/procurement/v1/suppliers",
            json={
                "name": f"Holz {item}",
                "categories": ["wood"],
                "offers": [
                    {"item_code": item, "lead_time_days": 2, "unit_price": "3", "currency": "EUR"}
                ],
            },
            headers={**h, **key()},
        ),
        201,
    )
    return str(supplier["id"])


async def carrier(client: Client) -> str:
    h = client.logistics
    made = ok(
        await client.http.post(
            "/logistics/v1/carriers",
            json={"code": f"C{uuid.uuid4().hex[:8]}", "name": "Alpen Spedition"},
            headers={**h, **key()},
        ),
        201,
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
        await client.http.post(
            f"/logistics/v1/carriers/{made['carrier_id']}/service-areas",
            json=area,
            headers={**h, **key()},
        ),
        201,
    )
    current = await client.http.get("/logistics/v1/cost-ceilings/EUR", headers=h)
    guard = {"If-Match": current.headers["ETag"]} if current.status_code == 200 else {}
    ok(
        await client.http.put(
            "/logistics/v1/cost-ceilings/EUR",
            json={"max_amount": "1000", "max_share_of_order": "0.5"},
            headers={**h, **guard},
        )
    )
    return str(made["carrier_id"])


def signature_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (120, 40), color=255).save(buffer, format="PNG")
    return buffer.getvalue()


def codes() -> tuple[str, str]:
    """A product and its material, fresh per test so runs against one topology do not mix."""
    tag = uuid.uuid4().hex[:6].upper()
    return f"CHAIR-{tag}", f"OAK-{tag}"


async def submitted_order(
    client: Client,
    sku: str,
    item: str,
    limit: str = "100000",
    contact: dict[str, str] | None = None,
) -> Any:
    """Catalogs, rules and a Shopify order, checked and submitted to review."""
    await shop_floor(client, sku, item)
    await supply(client, item, on_hand="1")
    await carrier(client)
    order = await order_from_shopify(client, sku, quantity=2, price="150.00", contact=contact)
    assert order["status"] == "draft", order
    assert order["checked"], order
    await register_customer(client, str(order["customer_id"]))
    await review_rules(client, str(order["customer_id"]), sku, "150.00", limit)
    order = await set_delivery_date(client, order, days=30)
    await checked(client, str(order["id"]))
    return await submit(client, order)
