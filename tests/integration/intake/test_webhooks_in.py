"""E-commerce webhooks in (R-2.1, DESIGN §6): signatures, raw storage, async mapping, replays."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.integration.intake.support import settle, staff
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration
SHOP_SECRET, WOO_SECRET = "shpss_test_secret", "woo-secret"
STD_KEY = os.urandom(24)
STD_SECRET = "whsec_" + base64.b64encode(STD_KEY).decode()


@asynccontextmanager
async def intake(tmp_path: Path) -> AsyncIterator[RunningService]:
    async with running_service(
        "intake",
        tmp_path,
        shopify_webhook_secret=SHOP_SECRET,
        woocommerce_webhook_secret=WOO_SECRET,
        standard_webhook_secret=STD_SECRET,
    ) as svc:
        yield svc


def b64_hmac(secret: bytes, content: bytes) -> str:
    return base64.b64encode(hmac.new(secret, content, hashlib.sha256).digest()).decode()


def shopify_order(order_id: int = 820982911946154508) -> bytes:
    payload = {
        "id": order_id,
        "currency": "EUR",
        "total_price": "119.00",
        "total_tax": "19.00",
        "total_discounts": "10.00",
        "line_items": [
            {
                "variant_id": 4711,
                "sku": "MUG-RED",
                "title": "Red mug",
                "quantity": 2,
                "price": "55.00",
                "total_discount": "10.00",
            }
        ],
        "customer": {
            "id": 115310627314723954,
            "email": "buyer@example.org",
            "first_name": "Bo",
            "last_name": "Buyer",
        },
        "shipping_address": {
            "name": "Bo Buyer",
            "address1": "Hauptstr. 5",
            "zip": "80331",
            "city": "Muenchen",
            "country_code": "DE",
            "province_code": "BY",
        },
    }
    return json.dumps(payload).encode()


def shopify_headers(body: bytes, event_id: str = "evt-1") -> dict[str, str]:
    return {
        "X-Shopify-Hmac-Sha256": b64_hmac(SHOP_SECRET.encode(), body),
        "X-Shopify-Event-Id": event_id,
        "X-Shopify-Topic": "orders/create",
        "Content-Type": "application/json",
    }


async def orders_of(svc: RunningService) -> list[Any]:
    return list((await svc.client.get("/v1/orders", headers=staff(svc))).json()["items"])


async def test_a_shopify_order_is_stored_answered_and_mapped_later(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        body = shopify_order()
        response = await svc.client.post(
            "/v1/webhooks/shopify", content=body, headers=shopify_headers(body)
        )
        assert response.status_code == 202
        assert response.json()["replay"] is False
        await settle(svc)
        [order] = await orders_of(svc)
        assert (order["platform"], order["platform_order_id"]) == ("shopify", "820982911946154508")
        assert order["content"]["total"] == "119.00"
        assert order["status"] == "draft"
        delivery = await svc.client.get(
            f"/v1/webhook-deliveries/{response.json()['delivery_id']}", headers=staff(svc)
        )
        assert (delivery.json()["status"], delivery.json()["order_id"]) == ("mapped", order["id"])


async def test_a_hundred_concurrent_replays_make_one_order(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        body = shopify_order()
        headers = shopify_headers(body)
        responses = await asyncio.gather(
            *(
                svc.client.post("/v1/webhooks/shopify", content=body, headers=headers)
                for _ in range(100)
            )
        )
        assert {r.status_code for r in responses} == {202}
        assert len({r.json()["delivery_id"] for r in responses}) == 1
        await settle(svc)
        # The same platform order under another event id (a re-sent topic) links, never re-enters.
        again = await svc.client.post(
            "/v1/webhooks/shopify", content=body, headers=shopify_headers(body, "evt-2")
        )
        await settle(svc)
        assert len(await orders_of(svc)) == 1
        assert len(await svc.published("order.created")) == 1
        second = await svc.client.get(
            f"/v1/webhook-deliveries/{again.json()['delivery_id']}", headers=staff(svc)
        )
        assert second.json()["order_id"] == (await orders_of(svc))[0]["id"]


async def test_bad_signatures_are_refused_and_counted(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        body = shopify_order()
        good = shopify_headers(body)
        tampered = body.replace(b"55.00", b"15.00")
        reserialised = json.dumps(json.loads(body), indent=2).encode()
        missing = {k: v for k, v in good.items() if k != "X-Shopify-Hmac-Sha256"}
        for content, headers in [(tampered, good), (reserialised, good), (body, missing)]:
            response = await svc.client.post(
                "/v1/webhooks/shopify", content=content, headers=headers
            )
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
        metrics = (await svc.client.get("/metrics")).text
        assert 'orderflow_intake_webhook_rejections_total{source="shopify"} 3.0' in metrics
        deliveries = await svc.client.get("/v1/webhook-deliveries", headers=staff(svc))
        assert deliveries.json() == []


async def test_a_malformed_payload_is_stored_as_failed_with_the_reason(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        payload = json.loads(shopify_order())
        del payload["total_price"]
        body = json.dumps(payload).encode()
        response = await svc.client.post(
            "/v1/webhooks/shopify", content=body, headers=shopify_headers(body)
        )
        assert response.status_code == 202
        await settle(svc)
        failed = await svc.client.get("/v1/webhook-deliveries?status=failed", headers=staff(svc))
        [delivery] = failed.json()
        assert delivery["error"] == "missing field 'total_price'"
        assert delivery["order_id"] is None
        assert await orders_of(svc) == []


def woo_order() -> bytes:
    payload = {
        "id": 727,
        "currency": "EUR",
        "total": "59.50",
        "total_tax": "9.50",
        "discount_total": "0.00",
        "customer_id": 0,
        "line_items": [
            {
                "product_id": 93,
                "sku": "",
                "name": "Teapot",
                "quantity": 1,
                "subtotal": "50.00",
                "total": "50.00",
            }
        ],
        "billing": {
            "first_name": "Wu",
            "last_name": "Woo",
            "email": "wu@example.org",
            "phone": "+49 89 1234",
            "country": "DE",
        },
        "shipping": {
            "address_1": "Ring 9",
            "address_2": "",
            "city": "Berlin",
            "postcode": "10115",
            "country": "DE",
            "state": "BE",
        },
    }
    return json.dumps(payload).encode()


async def test_a_woocommerce_order_becomes_an_order(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        body = woo_order()
        headers = {
            "X-WC-Webhook-Signature": b64_hmac(WOO_SECRET.encode(), body),
            "X-WC-Webhook-Delivery-ID": "d-1",
            "X-WC-Webhook-Topic": "order.created",
        }
        assert (
            await svc.client.post("/v1/webhooks/woocommerce", content=body, headers=headers)
        ).status_code == 202
        bad = {**headers, "X-WC-Webhook-Signature": b64_hmac(b"wrong", body)}
        assert (
            await svc.client.post("/v1/webhooks/woocommerce", content=body, headers=bad)
        ).status_code == 401
        await settle(svc)
        [order] = await orders_of(svc)
        assert (order["platform"], order["platform_order_id"]) == ("woocommerce", "727")
        assert order["content"]["lines"][0]["product_code"] == "woo-93"


def standard_order() -> bytes:
    payload = {
        "type": "order.created",
        "data": {
            "platform": "bigshop",
            "order_id": "BS-1001",
            "channel": "social_shop",
            "buyer": {
                "ref": "u-77",
                "name": "Sam Social",
                "email": "sam@example.org",
                "country": "AT",
            },
            "currency": "EUR",
            "subtotal": "30.00",
            "total": "30.00",
            "lines": [
                {
                    "product_code": "CAP-1",
                    "description": "Cap",
                    "quantity": "3",
                    "unit": "pcs",
                    "unit_price": "10.00",
                }
            ],
            "delivery_place": {
                "country": "AT",
                "region": "W",
                "postcode": "1010",
                "address_lines": ["Graben 1"],
            },
        },
    }
    return json.dumps(payload).encode()


def standard_headers(svc: RunningService, body: bytes, age: int = 0) -> dict[str, str]:
    msg_id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
    timestamp = str(int(svc.clock.now().timestamp()) - age)
    signature = b64_hmac(STD_KEY, f"{msg_id}.{timestamp}.".encode() + body)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": f"v1,{signature}",
    }


async def test_a_standard_webhook_order_within_the_replay_window(tmp_path: Path) -> None:
    async with intake(tmp_path) as svc:
        body = standard_order()
        stale = await svc.client.post(
            "/v1/webhooks/standard", content=body, headers=standard_headers(svc, body, age=301)
        )
        assert stale.status_code == 401
        assert "replay window" in stale.json()["detail"]
        tampered = await svc.client.post(
            "/v1/webhooks/standard", content=body + b" ", headers=standard_headers(svc, body)
        )
        assert tampered.status_code == 401
        ok = await svc.client.post(
            "/v1/webhooks/standard", content=body, headers=standard_headers(svc, body, age=299)
        )
        assert ok.status_code == 202
        replay = await svc.client.post(
            "/v1/webhooks/standard", content=body, headers=standard_headers(svc, body)
        )
        assert replay.json() == {**ok.json(), "replay": True}
        await settle(svc)
        [order] = await orders_of(svc)
        assert (order["channel"], order["platform_order_id"]) == ("social_shop", "BS-1001")
