"""Platform order payloads → our order fields (pure). Platform fields map; its id is kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


class MappingError(ValueError):
    """The payload is not an order we can read; the reason names fields, never their values."""


@dataclass(frozen=True)
class Buyer:
    ref: str
    name: str
    email: str | None
    phone: str | None
    country: str


@dataclass(frozen=True)
class PlatformOrder:
    platform: str
    order_ref: str
    buyer: Buyer
    # Fields of `OrderContent`, validated by the same model as an order entered through the API.
    content: dict[str, Any]


def _sum(values: list[Decimal]) -> str:
    return str(sum(values, Decimal(0)))


def _address(*parts: object) -> list[str]:
    return [str(p).strip() for p in parts if p and str(p).strip()]


def shopify(payload: dict[str, Any], default_delivery: date) -> PlatformOrder:
    ship = payload.get("shipping_address") or {}
    person = payload.get("customer") or {}
    lines = [
        {
            "product_code": item.get("sku") or f"shopify-{item['variant_id']}",
            "description": str(item["title"])[:200],
            "quantity": str(item["quantity"]),
            "unit": "pcs",
            "unit_price": str(item["price"]),
            "discount": str(item.get("total_discount") or "0"),
        }
        for item in payload["line_items"]
    ]
    name = " ".join(_address(person.get("first_name"), person.get("last_name"))) or ship["name"]
    country = ship["country_code"]
    return PlatformOrder(
        "shopify",
        str(payload["id"]),
        Buyer(
            str(person.get("id") or payload["id"]),
            name,
            person.get("email"),
            person.get("phone") or ship.get("phone"),
            country,
        ),
        {
            "currency": payload["currency"],
            "lines": lines,
            "subtotal": _sum([Decimal(ln["quantity"]) * Decimal(ln["unit_price"]) for ln in lines]),
            "discount_total": str(payload.get("total_discounts") or "0"),
            "tax_total": str(payload.get("total_tax") or "0"),
            "total": str(payload["total_price"]),
            "requested_delivery_date": default_delivery.isoformat(),
            "delivery_place": {
                "country": country,
                "region": ship.get("province_code") or country,
                "postcode": ship.get("zip"),
                "address_lines": _address(
                    ship.get("address1"),
                    ship.get("address2"),
                    f"{ship.get('zip') or ''} {ship.get('city') or ''}",
                ),
            },
        },
    )


def woocommerce(payload: dict[str, Any], default_delivery: date) -> PlatformOrder:
    bill, ship = payload["billing"], payload.get("shipping") or payload["billing"]
    lines = []
    for item in payload["line_items"]:
        gross, net = Decimal(str(item["subtotal"])), Decimal(str(item["total"]))
        quantity = Decimal(str(item["quantity"]))
        lines.append(
            {
                "product_code": item.get("sku") or f"woo-{item['product_id']}",
                "description": str(item["name"])[:200],
                "quantity": str(quantity),
                "unit": "pcs",
                "unit_price": str(gross / quantity),
                "discount": str(gross - net),
            }
        )
    country = ship.get("country") or bill["country"]
    customer = payload.get("customer_id") or 0
    return PlatformOrder(
        "woocommerce",
        str(payload["id"]),
        Buyer(
            str(customer) if customer else f"guest-{payload['id']}",
            " ".join(_address(bill.get("first_name"), bill.get("last_name"))),
            bill.get("email") or None,
            bill.get("phone") or None,
            country,
        ),
        {
            "currency": payload["currency"],
            "lines": lines,
            "subtotal": _sum([Decimal(str(i["subtotal"])) for i in payload["line_items"]]),
            "discount_total": str(payload.get("discount_total") or "0"),
            "tax_total": str(payload.get("total_tax") or "0"),
            "total": str(payload["total"]),
            "requested_delivery_date": default_delivery.isoformat(),
            "delivery_place": {
                "country": country,
                "region": ship.get("state") or country,
                "postcode": ship.get("postcode") or None,
                "address_lines": _address(
                    ship.get("address_1"),
                    ship.get("address_2"),
                    f"{ship.get('postcode') or ''} {ship.get('city') or ''}",
                ),
            },
        },
    )


def standard(payload: dict[str, Any], default_delivery: date) -> PlatformOrder:
    """Our own documented order shape, for any platform that speaks Standard Webhooks."""
    data = payload["data"]
    buyer = data["buyer"]
    content = {k: v for k, v in data.items() if k not in {"platform", "order_id", "buyer"}}
    content.setdefault("requested_delivery_date", default_delivery.isoformat())
    return PlatformOrder(
        str(data["platform"]),
        str(data["order_id"]),
        Buyer(
            str(buyer["ref"]),
            str(buyer["name"]),
            buyer.get("email"),
            buyer.get("phone"),
            str(buyer["country"]),
        ),
        content,
    )


MAPPERS: dict[str, Callable[[dict[str, Any], date], PlatformOrder]] = {
    "shopify": shopify,
    "woocommerce": woocommerce,
    "standard": standard,
}


def read_order(source: str, body: bytes, default_delivery: date) -> PlatformOrder:
    """The platform's order, or MappingError saying what was wrong (no personal data)."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MappingError(f"the body is not JSON: {type(exc).__name__}") from None
    if not isinstance(payload, dict):
        raise MappingError("the body is not a JSON object")
    try:
        return MAPPERS[source](payload, default_delivery)
    except KeyError as exc:
        raise MappingError(f"missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError, InvalidOperation, ArithmeticError) as exc:
        raise MappingError(f"unreadable field value: {type(exc).__name__}") from None
