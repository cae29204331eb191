"""Tracking by staff and by signed carrier webhook; exceptions and their resolution (R-4.9)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any
from uuid import UUID

import pytest

from orderflow.contracts import logistics
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration
SECRET = b"dev-only-carrier-webhook-secret"


def signed(body: dict[str, Any], secret: bytes = SECRET) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body).encode()
    return raw, {
        "X-Carrier-Signature": "sha256=" + hmac.new(secret, raw, hashlib.sha256).hexdigest(),
        "Content-Type": "application/json",
    }


async def test_a_signed_carrier_webhook_moves_the_shipment_once(svc: RunningService) -> None:
    """R-4.9: a verified carrier push updates status and ETA; a redelivery is recorded once."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-900")
    body = {
        "event_id": "evt-1",
        "tracking_number": "TRK-900",
        "status": "at_hub",
        "reported_at": "2026-01-21T06:00:00Z",
        "region": "BY",
        "eta": "2026-01-24",
    }
    raw, headers = signed(body)
    first = await svc.client.post("/v1/carrier-webhooks/tracking", content=raw, headers=headers)
    again = await svc.client.post("/v1/carrier-webhooks/tracking", content=raw, headers=headers)
    assert (first.status_code, first.json()["status"]) == (202, "accepted")
    assert again.json()["status"] == "duplicate"

    staff = svc.auth(*support.STAFF)
    shown = (await svc.client.get(f"/v1/shipments/{shipment['shipment_id']}", headers=staff)).json()
    assert (shown["status"], shown["last_tracking_status"], shown["eta"]) == (
        "in_transit",
        "at_hub",
        "2026-01-24",
    )
    history = await svc.client.get(
        f"/v1/shipments/{shipment['shipment_id']}/tracking", headers=staff
    )
    assert [(t["status"], t["source"]) for t in history.json()] == [("at_hub", "carrier")]
    assert len(await svc.published("shipment_tracking.updated")) == 1


async def test_a_webhook_with_a_wrong_signature_changes_nothing(svc: RunningService) -> None:
    """R-4.9: the HMAC is checked over the raw body; a forged push is a 401."""
    order_id = await flow.ready_order(svc)
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-901")
    body = {
        "event_id": "evt-2",
        "tracking_number": "TRK-901",
        "status": "held",
        "reported_at": "2026-01-21T06:00:00Z",
    }
    raw, headers = signed(body, secret=b"someone-else")
    refused = await svc.client.post("/v1/carrier-webhooks/tracking", content=raw, headers=headers)
    assert refused.status_code == 401
    assert await svc.published("shipment_tracking.updated") == []


async def test_staff_report_tracking_with_the_shipment_etag(svc: RunningService) -> None:
    """R-4.9: a status update through REST is recorded and published."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-902")
    headers = {**svc.auth(*support.STAFF), "If-Match": f'"{shipment["version"]}"'}
    update = {"status": "out_for_delivery", "reported_at": "2026-01-23T07:00:00Z"}
    response = await svc.client.post(
        f"/v1/shipments/{shipment['shipment_id']}/tracking", json=update, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["source"] == "staff"
    [event] = await svc.published("shipment_tracking.updated")
    assert (
        event.narrow(logistics.ShipmentTrackingUpdated).payload.status
        is logistics.TrackingStatus.OUT_FOR_DELIVERY
    )


async def test_an_exception_is_published_told_to_the_customer_and_resolved(
    svc: RunningService, mail: support.MailSink, contacts: dict[UUID, dict[str, Any]]
) -> None:
    """R-4.9: a delay is published (flags the order), e-mailed to the customer, then resolved."""
    order_id = await flow.ready_order(svc)
    contacts[order_id] = support.contact()
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-903")
    staff = svc.auth(*support.STAFF)
    raised = await svc.client.post(
        f"/v1/shipments/{shipment['shipment_id']}/exceptions",
        json={
            "kind": "delay",
            "description": "Road closed near Rosenheim",
            "new_eta": "2026-01-26",
        },
        headers={**staff, "Idempotency-Key": "exc-1"},
    )
    assert raised.status_code == 201, raised.text
    [event] = await svc.published("shipment_exception.raised")
    payload = event.narrow(logistics.ShipmentExceptionRaised).payload
    assert (payload.kind, str(payload.new_eta)) == (logistics.ExceptionKind.DELAY, "2026-01-26")

    await svc.run_due_jobs()
    subjects = sorted(m["Subject"] for m in mail.received)
    assert subjects == [
        f"Delivery of order {order_id} delayed, now expected on 2026-01-26",
        f"Delivery of order {order_id} expected on 2026-01-23",
    ]
    delay_mail = next(m for m in mail.received if "delayed" in m["Subject"])
    assert "Road closed near Rosenheim" in delay_mail.get_content()

    exception = raised.json()
    resolved = await svc.client.post(
        f"/v1/shipment-exceptions/{exception['exception_id']}/resolution",
        json={"resolution": "Rerouted via Wasserburg"},
        headers={**staff, "If-Match": f'"{exception["version"]}"'},
    )
    assert resolved.status_code == 200
    assert resolved.json()["resolution"] == "Rerouted via Wasserburg"
    listed = await svc.client.get(
        f"/v1/shipments/{shipment['shipment_id']}/exceptions", headers=staff
    )
    assert listed.json()[0]["resolved_at"] is not None
    [done] = await svc.published("shipment_exception.resolved")
    assert (
        done.narrow(logistics.ShipmentExceptionResolved).payload.resolution
        == "Rerouted via Wasserburg"
    )


async def test_a_carrier_reported_damage_becomes_a_shipment_exception(svc: RunningService) -> None:
    """R-4.9: an exception pushed by the carrier is published and listed like a staff one."""
    order_id = await flow.ready_order(svc)
    shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-904")
    body = {
        "event_id": "evt-9",
        "tracking_number": "TRK-904",
        "status": "held",
        "reported_at": "2026-01-22T12:00:00Z",
        "exception": {
            "kind": "damage",
            "description": "Pallet crushed at hub",
            "new_eta": "2026-01-28",
        },
    }
    raw, headers = signed(body)
    accepted = await svc.client.post("/v1/carrier-webhooks/tracking", content=raw, headers=headers)
    assert accepted.status_code == 202
    [event] = await svc.published("shipment_exception.raised")
    assert (
        event.narrow(logistics.ShipmentExceptionRaised).payload.kind
        is logistics.ExceptionKind.DAMAGE
    )
    staff = svc.auth(*support.STAFF)
    shown = (await svc.client.get(f"/v1/shipments/{shipment['shipment_id']}", headers=staff)).json()
    assert (shown["last_tracking_status"], shown["eta"]) == ("held", "2026-01-28")
    assert shown["version"] == shipment["version"] + 2
