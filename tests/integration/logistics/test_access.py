"""Carriers are managed by logistics staff; customers see only their own shipments (R-8.4)."""

from __future__ import annotations

import pytest

from orderflow.contracts.ids import uuid7
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration


async def test_a_customer_sees_their_shipment_and_not_anothers(svc: RunningService) -> None:
    """R-4.9, R-8.4: the owner reads status and tracking; anyone else gets 404, never 200."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-A1")
    owner = svc.auth("logistics:shipments:read", kind="customer", customer_id=str(support.CUSTOMER))
    other = svc.auth("logistics:shipments:read", kind="customer", customer_id=str(uuid7()))
    url = f"/v1/shipments/{shipment['shipment_id']}"
    assert (await svc.client.get(url, headers=owner)).json()["tracking_number"] == "TRK-A1"
    assert (await svc.client.get(url, headers=other)).status_code == 404
    assert (await svc.client.get(url + "/tracking", headers=other)).status_code == 404
    assert (await svc.client.get("/v1/shipments", headers=other)).json()["items"] == []
    assert len((await svc.client.get("/v1/shipments", headers=owner)).json()["items"]) == 1


async def test_carrier_changes_need_the_write_scope_and_the_etag(svc: RunningService) -> None:
    """R-4.7: carriers are data; reading needs a read scope, changing a write scope and If-Match."""
    carrier_id = await flow.create_carrier(svc)
    reader = svc.auth("logistics:carriers:read")
    got = await svc.client.get(f"/v1/carriers/{carrier_id}", headers=reader)
    assert got.headers["ETag"] == '"1"'
    denied = await svc.client.patch(
        f"/v1/carriers/{carrier_id}", json={"active": False}, headers={**reader, "If-Match": '"1"'}
    )
    assert denied.status_code == 403
    writer = svc.auth(*support.STAFF)
    changed = await svc.client.patch(
        f"/v1/carriers/{carrier_id}", json={"active": False}, headers={**writer, "If-Match": '"1"'}
    )
    assert changed.json()["active"] is False
    assert changed.headers["ETag"] == '"2"'
    unknown = await svc.client.post(
        "/v1/carriers",
        json={"code": "X", "name": "Y", "fax": "1"},
        headers={**writer, "Idempotency-Key": "k"},
    )
    assert unknown.status_code == 422
    # An inactive carrier is no longer offered: the destination is not served.
    await svc.deliver(support.assessment_requested(uuid7(), support.order()))
    [answer] = await svc.published("delivery_assessment.answered")
    assert answer.payload.result.reasons[0].rule == "destination-not-served"  # type: ignore[attr-defined]
