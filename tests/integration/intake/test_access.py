"""Access (R-8.4): scopes per action; another customer's or partner's id answers 404."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.intake.support import (
    CANARY,
    CANARY_STREET,
    customer_token,
    new_customer,
    order_body,
    place,
    staff,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_every_order_endpoint_hides_another_customers_order(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        mine, theirs = await new_customer(svc), await new_customer(svc)
        their_order = (await place(svc, order_body(theirs), customer_token(svc, theirs))).json()
        me = {**customer_token(svc, mine), "If-Match": '"1"'}
        oid = their_order["id"]
        body = order_body("x")
        del body["customer_id"], body["channel"]
        calls = [
            svc.client.get(f"/v1/orders/{oid}", headers=me),
            svc.client.put(f"/v1/orders/{oid}", json=body, headers=me),
            svc.client.post(f"/v1/orders/{oid}/submission", headers=me),
            svc.client.post(
                f"/v1/orders/{oid}/change-requests",
                headers=me,
                json={"kinds": ["other"], "reason": "r", "proposed": body},
            ),
            svc.client.post(
                f"/v1/orders/{oid}/cancellation-requests", headers=me, json={"reason": "r"}
            ),
        ]
        for call in calls:
            response = await call
            assert response.status_code == 404, (response.request.url, response.text)
        listed = await svc.client.get("/v1/orders", headers=me)
        assert listed.json()["items"] == []
        own = await svc.client.get("/v1/orders", headers=customer_token(svc, theirs))
        assert [o["id"] for o in own.json()["items"]] == [oid]


async def test_partners_see_only_their_own_customers_and_orders(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        scopes = (
            "intake:customers:write",
            "intake:customers:read",
            "intake:orders:write",
            "intake:orders:read",
        )
        acme = svc.auth(*scopes, kind="partner", subject="acme-sys", partner_id="acme")
        zeta = svc.auth(*scopes, kind="partner", subject="zeta-sys", partner_id="zeta")
        customer_id = await new_customer(svc, acme)
        order = (await place(svc, order_body(customer_id, "partner"), acme)).json()
        assert (await svc.client.get(f"/v1/orders/{order['id']}", headers=acme)).status_code == 200
        assert (await svc.client.get(f"/v1/orders/{order['id']}", headers=zeta)).status_code == 404
        assert (
            await svc.client.get(f"/v1/customers/{customer_id}", headers=zeta)
        ).status_code == 404


async def test_logistics_reads_the_delivery_contact_with_a_service_token(tmp_path: Path) -> None:
    """The only way contact data leaves intake: scope intake:contacts:read."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        order = (await place(svc, order_body(customer_id), staff(svc))).json()
        url = f"/v1/orders/{order['id']}/delivery-contact"
        logistics = svc.auth("intake:contacts:read", kind="service", subject="logistics")
        contact = await svc.client.get(url, headers=logistics)
        assert contact.json() == {
            "order_id": order["id"],
            "customer_id": customer_id,
            "name": CANARY["name"],
            "email": CANARY["email"],
            "phone": CANARY["phone"],
            "address_lines": [CANARY_STREET],
        }
        assert (await svc.client.get(url, headers=staff(svc))).status_code == 403
        foreign = svc.auth(
            "intake:contacts:read", kind="customer", subject="c", customer_id=str(customer_id)[::-1]
        )
        assert (await svc.client.get(url, headers=foreign)).status_code == 404


async def test_the_list_pages_with_a_cursor_and_caps_the_page(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        ids = set()
        for day in range(1, 6):
            body = order_body(customer_id, requested_delivery_date=f"2026-0{day}-10")
            body["lines"][0]["product_code"] = f"P-{day}"
            ids.add((await place(svc, body, staff(svc))).json()["id"])
        seen: list[str] = []
        cursor = ""
        while True:
            page = await svc.client.get(f"/v1/orders?limit=2{cursor}", headers=staff(svc))
            seen += [o["id"] for o in page.json()["items"]]
            if page.json()["next_cursor"] is None:
                break
            cursor = f"&cursor={page.json()['next_cursor']}"
        assert len(seen) == 5
        assert set(seen) == ids
        too_big = await svc.client.get("/v1/orders?limit=101", headers=staff(svc))
        assert too_big.status_code == 422
        by_channel = await svc.client.get("/v1/orders?channel=fax", headers=staff(svc))
        assert by_channel.json()["items"] == []


async def test_the_list_filters_by_creation_date_and_customer(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        first, second = await new_customer(svc), await new_customer(svc)
        early = (await place(svc, order_body(first), staff(svc))).json()
        svc.clock.advance(timedelta(days=30))
        late = (await place(svc, order_body(second), staff(svc))).json()
        cut = "2026-01-20T00:00:00Z"

        async def ids(query: str) -> list[str]:
            page = await svc.client.get(f"/v1/orders?{query}", headers=staff(svc))
            return [o["id"] for o in page.json()["items"]]

        assert await ids(f"created_to={cut}") == [early["id"]]
        assert await ids(f"created_from={cut}") == [late["id"]]
        assert await ids(f"customer_id={second}") == [late["id"]]
        assert await ids("status=draft") == [late["id"], early["id"]]
