"""The information check (R-2.4): doubts and duplicates wait for answers; only checked submit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.intake.support import (
    customer_token,
    if_match,
    new_customer,
    order_body,
    place,
    staff,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_a_phone_copy_of_a_web_order_waits_as_suspected_duplicate(tmp_path: Path) -> None:
    """Same customer, same lines, close date across channels → needs_clarification."""
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        web = (await place(svc, order_body(customer_id), customer_token(svc, customer_id))).json()
        body = order_body(customer_id, "phone", requested_delivery_date="2026-02-22")
        phone = await place(svc, body, staff(svc))
        order = phone.json()
        assert (order["status"], order["checked"]) == ("needs_clarification", False)
        assert order["duplicate_candidates"] == [web["id"]]
        assert [q["kind"] for q in order["questions"]] == ["suspected_duplicate"]
        requested = (await svc.published("order.clarification_requested"))[0].payload
        assert [str(c) for c in requested.duplicate_candidates] == [web["id"]]  # type: ignore[attr-defined]

        blocked = await svc.client.post(
            f"/v1/orders/{order['id']}/submission", headers={**staff(svc), **if_match(phone)}
        )
        assert blocked.status_code == 409

        incomplete = await svc.client.post(
            f"/v1/orders/{order['id']}/clarification",
            json={"answers": [{"question_id": "nope", "answer": "?"}]},
            headers={**staff(svc), **if_match(phone)},
        )
        assert incomplete.status_code == 422
        assert incomplete.json()["missing"] == ["duplicate"]

        answered = await svc.client.post(
            f"/v1/orders/{order['id']}/clarification",
            json={"answers": [{"question_id": "duplicate", "answer": "Customer confirms: 2nd"}]},
            headers={**staff(svc, "cs-carla"), **if_match(phone)},
        )
        assert answered.status_code == 200, answered.text
        clarified = answered.json()
        assert (clarified["status"], clarified["checked"]) == ("draft", True)
        assert clarified["questions"][0]["answered_by"] == "cs-carla"
        submitted = await svc.client.post(
            f"/v1/orders/{order['id']}/submission", headers={**staff(svc), **if_match(answered)}
        )
        assert submitted.json()["status"] == "under_review"


async def test_an_incomplete_address_asks_where_to_deliver(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        body = order_body(customer_id)
        body["delivery_place"]["address_lines"] = []
        order = (await place(svc, body, staff(svc))).json()
        assert order["status"] == "needs_clarification"
        assert order["questions"][0]["field"] == "delivery_place.address_lines"


async def test_clarifying_needs_the_clarify_scope(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        customer_id = await new_customer(svc)
        body = order_body(customer_id)
        body["delivery_place"]["address_lines"] = []
        order = await place(svc, body, staff(svc))
        response = await svc.client.post(
            f"/v1/orders/{order.json()['id']}/clarification",
            json={"answers": [{"question_id": "delivery-address", "answer": "Dock 3"}]},
            headers={**customer_token(svc, customer_id), **if_match(order)},
        )
        assert response.status_code == 403
