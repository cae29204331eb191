"""Orders from every channel with the required information (R-2.1, R-2.2, R-2.3)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.integration.intake.support import (
    customer_token,
    key,
    new_customer,
    order_body,
    place,
    staff,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


async def test_a_customer_orders_online_and_the_order_is_checked(tmp_path: Path) -> None:
    """R-2.1, R-2.4: website order by the customer's token, checked right after entry."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        response = await place(svc, order_body(customer_id), customer_token(svc, customer_id))
        order = response.json()
        assert (order["status"], order["checked"], order["channel"]) == ("draft", True, "website")
        assert order["recorded_by"] is None
        assert order["content"]["total"] == "285.60"
        created = (await svc.published("order.created"))[0]
        assert str(created.order_id) == order["id"]
        assert len(await svc.published("order.checked")) == 1


async def test_staff_record_a_fax_order_with_who_when_and_source(tmp_path: Path) -> None:
    """R-2.2: channel, received-at, recorder and the fax number are kept."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        body = order_body(
            customer_id,
            "fax",
            received_at="2026-01-05T08:15:00+01:00",
            source_reference="fax +49 30 555 0101",
        )
        order = (await place(svc, body, staff(svc, "cs-bernd"))).json()
        assert (order["channel"], order["recorded_by"]) == ("fax", "cs-bernd")
        assert order["received_at"].startswith("2026-01-05T07:15:00")
        assert order["source_reference"] == "fax +49 30 555 0101"


async def test_offline_channels_need_the_record_scope_and_a_source(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        writer = svc.auth("intake:orders:write", subject="web-only")
        denied = await svc.client.post(
            "/v1/orders", json=order_body(customer_id, "phone"), headers={**writer, **key()}
        )
        assert denied.status_code == 403
        no_source = await svc.client.post(
            "/v1/orders", json=order_body(customer_id, "email"), headers={**staff(svc), **key()}
        )
        assert no_source.status_code == 422
        assert [e["field"] for e in no_source.json()["errors"]] == ["source_reference"]


async def test_every_missing_field_is_named(tmp_path: Path) -> None:
    """R-2.3: customer, lines, currency, totals, delivery date and place are required."""
    async with running_service("intake", tmp_path) as svc:
        body = {"channel": "website", "lines": []}
        response = await svc.client.post("/v1/orders", json=body, headers={**staff(svc), **key()})
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        fields = {e["field"] for e in response.json()["errors"]}
        assert {
            "body.customer_id",
            "body.currency",
            "body.lines",
            "body.subtotal",
            "body.total",
            "body.requested_delivery_date",
            "body.delivery_place",
        } <= fields


async def test_bad_line_values_are_named(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        body = order_body(customer_id)
        body["lines"][1].update(quantity="0", unit_price="-1")
        del body["lines"][0]["description"]
        response = await svc.client.post("/v1/orders", json=body, headers={**staff(svc), **key()})
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["errors"]}
        assert fields == {
            "body.lines.0.description",
            "body.lines.1.quantity",
            "body.lines.1.unit_price",
        }


async def test_totals_that_do_not_add_up_answer_the_computed_figures(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        body = order_body(customer_id, total="300.00")
        response = await svc.client.post("/v1/orders", json=body, headers={**staff(svc), **key()})
        assert response.status_code == 422
        problem = response.json()
        assert problem["type"].endswith("/totals-mismatch")
        assert problem["computed"] == {
            "subtotal": "250.00",
            "discount_total": "10.00",
            "tax_total": "45.60",
            "total": "285.60",
        }
        assert [e["field"] for e in problem["errors"]] == ["total"]


async def test_fifty_parallel_posts_with_one_key_make_one_order(tmp_path: Path) -> None:
    """DESIGN §6: same Idempotency-Key → one order; the same key with another body → 422."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        headers = {**staff(svc), "Idempotency-Key": "once-only"}
        body = order_body(customer_id)
        responses = await asyncio.gather(
            *(svc.client.post("/v1/orders", json=body, headers=headers) for _ in range(50))
        )
        statuses = {r.status_code for r in responses}
        assert statuses <= {201, 409}
        assert 201 in statuses
        assert len({r.json()["id"] for r in responses if r.status_code == 201}) == 1
        assert len(await svc.published("order.created")) == 1
        listed = await svc.client.get("/v1/orders", headers=staff(svc))
        assert len(listed.json()["items"]) == 1
        other = await svc.client.post(
            "/v1/orders", json=order_body(customer_id, total="1"), headers=headers
        )
        assert other.status_code == 422


async def test_a_customer_cannot_order_for_another_customer(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        mine, theirs = await new_customer(svc), await new_customer(svc)
        response = await svc.client.post(
            "/v1/orders", json=order_body(theirs), headers={**customer_token(svc, mine), **key()}
        )
        assert response.status_code == 404


async def test_special_orders_are_flagged_in_the_events(tmp_path: Path) -> None:
    """R-2.5: custom product, urgent, special place and other reach every department."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        special = {
            "custom_product": {"spec": "Stainless housing, RAL 5010", "line_nos": [1]},
            "urgent": {"reason": "Plant stands still", "required_by": "2026-02-10"},
            "special_delivery_place": {"instructions": "Gate 4, crane on site"},
            "other": ["Deliver before 7 am"],
        }
        order = (await place(svc, order_body(customer_id, special=special), staff(svc))).json()
        created = (await svc.published("order.created"))[0].payload
        assert created.order.special.urgent is not None  # type: ignore[attr-defined]
        assert created.order.special.is_special  # type: ignore[attr-defined]
        flagged = await svc.client.get("/v1/orders?urgent=true", headers=staff(svc))
        assert [o["id"] for o in flagged.json()["items"]] == [order["id"]]
        plain = await svc.client.get("/v1/orders?special=false", headers=staff(svc))
        assert plain.json()["items"] == []


CHANNEL_CASES = [
    ("website", "customer", None),
    ("social_shop", "customer", None),
    ("partner", "partner", None),
    ("marketplace", "partner", None),
    ("phone", "staff", None),
    ("fax", "staff", "fax +49 30 555 0101"),
    ("email", "staff", "<CAF1x@mail.example>"),
    ("visit", "staff", "Visit at the Berlin showroom"),
]


@pytest.mark.parametrize(("channel", "kind", "source"), CHANNEL_CASES)
async def test_one_order_by_each_channel(
    tmp_path: Path, channel: str, kind: str, source: str | None
) -> None:
    """R-2.1, R-2.2: every online and offline channel enters an order the same way."""
    async with running_service("intake", tmp_path) as svc:
        scopes = ("intake:customers:write", "intake:orders:write", "intake:orders:record")
        partner = svc.auth(*scopes, kind="partner", subject="acme-sys", partner_id="acme")
        customer_id = await new_customer(svc, partner if kind == "partner" else None)
        headers = {
            "customer": customer_token(svc, customer_id),
            "partner": partner,
            "staff": staff(svc, "sales-dora"),
        }[kind]
        body = order_body(customer_id, channel, source_reference=source)
        order = (await place(svc, body, headers)).json()
        assert (order["channel"], order["status"]) == (channel, "draft")
        assert order["recorded_by"] == ("sales-dora" if kind == "staff" else None)
        assert order["source_reference"] == source
