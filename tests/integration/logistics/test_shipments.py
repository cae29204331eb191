"""Shipments from plan to signed receipt, several per order (R-4.7, R-4.8, R-5.3)."""

from __future__ import annotations

import pytest

from orderflow.contracts import Envelope, intake, logistics
from orderflow.contracts.ids import uuid7
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration


async def test_an_order_shipped_in_two_parts_is_delivered_only_when_both_are_signed(
    svc: RunningService,
) -> None:
    """R-4.8, R-5.3: each dispatch and receipt is published; the last one completes the order."""
    order_id = await flow.ready_order(svc)
    first = await flow.plan(svc, order_id, [1])
    second = await flow.plan(svc, order_id, [2], weight="3")
    assert first["status"] == "planned"
    assert first["eta"] == "2026-01-23"
    assert first["cost"] == "62.50"  # 50 per shipment + 12.5 kg x 1

    first = await flow.dispatch(svc, first, "TRK-1001")
    assert (first["status"], first["dispatched_at"]) == ("dispatched", "2026-01-05T09:00:00Z")
    dispatched = [
        e.narrow(logistics.ShipmentDispatched).payload
        for e in await svc.published("shipment.dispatched")
    ]
    assert [d.all_dispatched for d in dispatched] == [False]
    assert len(dispatched[0].document_ids) == 5
    second = await flow.dispatch(svc, second, "TRK-1002")
    dispatched = [
        e.narrow(logistics.ShipmentDispatched).payload
        for e in await svc.published("shipment.dispatched")
    ]
    assert [d.all_dispatched for d in dispatched] == [False, True]

    signed = await flow.sign(svc, first)
    assert signed.status_code == 201, signed.text
    assert signed.json()["has_signature_image"] is True
    await flow.sign(svc, second)
    delivered = [
        e.narrow(logistics.ShipmentDelivered).payload
        for e in await svc.published("shipment.delivered")
    ]
    assert [d.all_delivered for d in delivered] == [False, True]
    staff = svc.auth(*support.STAFF)
    shown = await svc.client.get(f"/v1/shipments?order_id={order_id}", headers=staff)
    assert {s["status"] for s in shown.json()["items"]} == {"delivered"}
    image = await svc.client.get(
        f"/v1/shipments/{first['shipment_id']}/proof-of-delivery/signature", headers=staff
    )
    assert image.headers["content-type"] == "image/png"
    assert image.content == flow.signature_png()


async def test_a_shipment_cannot_be_planned_before_production_completes(
    svc: RunningService,
) -> None:
    """R-4.8: packing follows production; planning earlier is a 409."""
    await flow.create_carrier(svc)
    order_id = uuid7()
    await svc.deliver(support.assessment_requested(order_id, support.order()))
    headers = {**svc.auth(*support.STAFF), "Idempotency-Key": "plan-early"}
    body = {
        "route": ["A", "B"],
        "packages": [{"weight_kg": "1", "length_cm": "1", "width_cm": "1", "height_cm": "1"}],
        "dispatch_on": "2026-01-20",
    }
    response = await svc.client.post(f"/v1/orders/{order_id}/shipments", json=body, headers=headers)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_dispatch_needs_the_current_etag_and_happens_once(svc: RunningService) -> None:
    """R-4.8: dispatch is a state transition: If-Match required, a second dispatch is a 409."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.plan(svc, order_id, [1, 2])
    url = f"/v1/shipments/{shipment['shipment_id']}/dispatch"
    staff = svc.auth(*support.STAFF)
    missing = await svc.client.post(url, json={"tracking_number": "T1"}, headers=staff)
    assert missing.status_code == 428
    stale = await svc.client.post(
        url, json={"tracking_number": "T1"}, headers={**staff, "If-Match": '"9"'}
    )
    assert stale.status_code == 412
    done = await flow.dispatch(svc, shipment, "T1")
    again = await svc.client.post(
        url, json={"tracking_number": "T1"}, headers={**staff, "If-Match": f'"{done["version"]}"'}
    )
    assert again.status_code == 409
    assert again.json()["current_status"] == "dispatched"


async def test_a_bad_signature_image_is_refused_and_the_shipment_stays_open(
    svc: RunningService,
) -> None:
    """R-5.3: the signature must be a real PNG within the size limit; otherwise 422."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "T2")
    not_png = await flow.sign(svc, shipment, image=b"GIF89a not a png at all")
    assert not_png.status_code == 422
    assert not_png.json()["type"].endswith("/bad-signature-image")
    truncated = await flow.sign(svc, shipment, image=flow.signature_png()[:40])
    assert truncated.status_code == 422
    still = await svc.client.get(
        f"/v1/shipments/{shipment['shipment_id']}", headers=svc.auth(*support.STAFF)
    )
    assert still.json()["status"] == "dispatched"
    assert await svc.published("shipment.delivered") == []


async def test_the_proof_of_delivery_shows_signer_time_and_notes(svc: RunningService) -> None:
    """R-5.3: the signed receipt is readable later through the API."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "T3")
    await flow.sign(svc, shipment)
    url = f"/v1/shipments/{shipment['shipment_id']}/proof-of-delivery"
    proof = (await svc.client.get(url, headers=svc.auth(*support.STAFF))).json()
    assert proof["signer_name"] == "Anna Berg"
    assert proof["signed_at"] == "2026-01-23T10:15:00Z"
    assert proof["notes"] == "one corner dented"


async def test_cancelling_the_order_cancels_shipments_that_have_not_left(
    svc: RunningService,
) -> None:
    """R-6.3: planned shipments are cancelled and published; dispatched ones stay."""
    order_id = await flow.ready_order(svc)
    gone = await flow.dispatch(svc, await flow.plan(svc, order_id, [1]), "T4")
    waiting = await flow.plan(svc, order_id, [2])
    cancelled = intake.OrderCancelled(
        from_status=intake.OrderStatus.CANCELLING,
        to_status=intake.OrderStatus.CANCELLED,
        cancellation_request_id=uuid7(),
    )
    await svc.deliver(Envelope.new(cancelled, order_id=order_id))
    staff = svc.auth(*support.STAFF)
    statuses = {
        s["shipment_id"]: s["status"]
        for s in (await svc.client.get(f"/v1/shipments?order_id={order_id}", headers=staff)).json()[
            "items"
        ]
    }
    assert statuses == {gone["shipment_id"]: "dispatched", waiting["shipment_id"]: "cancelled"}
    [event] = await svc.published("shipment.cancelled")
    assert (
        str(event.narrow(logistics.ShipmentCancelled).payload.shipment_id) == waiting["shipment_id"]
    )


async def test_shipment_lists_page_with_a_cursor_and_a_capped_size(svc: RunningService) -> None:
    """Lists are paged: at most 100 per page, the cursor leads to the next page."""
    order_id = await flow.ready_order(svc)
    planned = [(await flow.plan(svc, order_id, [n % 2 + 1]))["shipment_id"] for n in range(3)]
    staff = svc.auth(*support.STAFF)
    first = (await svc.client.get("/v1/shipments?limit=2&status=planned", headers=staff)).json()
    cursor = first["next_cursor"]
    rest = (await svc.client.get(f"/v1/shipments?limit=2&cursor={cursor}", headers=staff)).json()
    assert [s["shipment_id"] for s in first["items"] + rest["items"]] == planned
    assert rest["next_cursor"] is None
    too_big = await svc.client.get("/v1/shipments?limit=101", headers=staff)
    assert too_big.status_code == 422
