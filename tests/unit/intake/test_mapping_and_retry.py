"""Platform payloads mapped to our order fields; partner retries back off (R-2.1)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from orderflow.intake.domain.retry import gives_up, next_attempt_at
from orderflow.intake.webhooks.mapping import MappingError, read_order

pytestmark = pytest.mark.unit
LATER = date(2026, 2, 1)


def test_a_shopify_order_keeps_its_id_and_maps_lines_and_address() -> None:
    body = json.dumps(
        {
            "id": 42,
            "currency": "EUR",
            "total_price": "100.00",
            "total_tax": "0",
            "line_items": [
                {"variant_id": 7, "sku": None, "title": "Mug", "quantity": 2, "price": "50.00"}
            ],
            "customer": {"id": 9, "email": "a@b.de", "first_name": "A", "last_name": "B"},
            "shipping_address": {
                "address1": "Weg 1",
                "zip": "1010",
                "city": "Wien",
                "country_code": "AT",
            },
        }
    ).encode()
    order = read_order("shopify", body, LATER)
    assert (order.platform, order.order_ref, order.buyer.name) == ("shopify", "42", "A B")
    assert order.content["lines"][0]["product_code"] == "shopify-7"
    assert order.content["subtotal"] == "100.00"
    assert order.content["delivery_place"]["address_lines"] == ["Weg 1", "1010 Wien"]
    assert order.content["requested_delivery_date"] == "2026-02-01"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"id": 1}).encode(), "missing field"),
        (
            json.dumps(
                {
                    "id": 1,
                    "currency": "EUR",
                    "total_price": "1",
                    "shipping_address": {"name": "x", "country_code": "DE"},
                    "line_items": [{"title": "t", "quantity": 1, "price": "abc", "sku": "S"}],
                }
            ).encode(),
            "unreadable",
        ),
    ],
)
def test_unreadable_payloads_say_why_without_values(body: bytes, reason: str) -> None:
    with pytest.raises(MappingError, match=reason):
        read_order("shopify", body, LATER)


def test_retries_back_off_exponentially_and_stop() -> None:
    now = datetime(2026, 1, 5, tzinfo=UTC)
    delays = [next_attempt_at(now, n, 30) - now for n in (1, 2, 3, 20)]
    assert delays == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(hours=6),
    ]
    assert not gives_up(5, 6)
    assert gives_up(6, 6)
