"""Steps that bring an order through logistics via events and REST, for several tests."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

from PIL import Image

from orderflow.contracts.ids import uuid7
from orderflow.contracts.snapshot import OrderSnapshot
from tests.integration.logistics import support
from tests.support.service_app import RunningService


async def ready_order(svc: RunningService, snapshot: OrderSnapshot | None = None) -> UUID:
    """An order assessed by logistics, produced and QC-passed: ready to plan shipments."""
    await create_carrier(svc)
    order_id, qc_report_id = uuid7(), uuid7()
    await svc.deliver(support.assessment_requested(order_id, snapshot or support.order()))
    await svc.deliver(support.quality_check_reported(order_id, qc_report_id))
    await svc.deliver(support.production_completed(order_id, qc_report_id))
    return order_id


async def plan(
    svc: RunningService, order_id: UUID, line_nos: list[int], weight: str = "12.5"
) -> dict[str, Any]:
    body = {
        "route": ["MUC-DEPOT", "DE-BY-80331"],
        "packages": [
            {
                "weight_kg": weight,
                "length_cm": "60",
                "width_cm": "40",
                "height_cm": "40",
                "line_nos": line_nos,
            }
        ],
        "packing_requirements": ["upright, on a pallet"],
        "dispatch_on": "2026-01-20",
    }
    headers = {**svc.auth(*support.STAFF), "Idempotency-Key": str(uuid7())}
    response = await svc.client.post(f"/v1/orders/{order_id}/shipments", json=body, headers=headers)
    assert response.status_code == 201, response.text
    shipment: dict[str, Any] = response.json()
    return shipment


async def dispatch(
    svc: RunningService, shipment: dict[str, Any], tracking_number: str
) -> dict[str, Any]:
    headers = {**svc.auth(*support.STAFF), "If-Match": f'"{shipment["version"]}"'}
    response = await svc.client.post(
        f"/v1/shipments/{shipment['shipment_id']}/dispatch",
        json={"tracking_number": tracking_number},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    dispatched: dict[str, Any] = response.json()
    return dispatched


def signature_png(size: tuple[int, int] = (120, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, color=255).save(buffer, format="PNG")
    return buffer.getvalue()


async def sign(svc: RunningService, shipment: dict[str, Any], image: bytes | None = None) -> Any:
    headers = {**svc.auth(*support.STAFF), "If-Match": f'"{shipment["version"]}"'}
    files = {
        "signature": ("signature.png", image if image is not None else signature_png(), "image/png")
    }
    data = {
        "signer_name": "Anna Berg",
        "signed_at": "2026-01-23T10:15:00+00:00",
        "notes": "one corner dented",
    }
    return await svc.client.post(
        f"/v1/shipments/{shipment['shipment_id']}/proof-of-delivery",
        data=data,
        files=files,
        headers=headers,
    )


async def create_carrier(
    svc: RunningService, *, transit_days: int = 3, per_shipment: str = "50", per_kg: str = "1"
) -> UUID:
    """A road carrier serving DE/BY, and a EUR ceiling of 100 or 10 % of the order."""
    staff = svc.auth(*support.STAFF)
    made = await svc.client.post(
        "/v1/carriers",
        json={"code": f"C{uuid7().hex[:8]}", "name": "Alpen Spedition"},
        headers={**staff, "Idempotency-Key": str(uuid7())},
    )
    assert made.status_code == 201, made.text
    carrier_id = UUID(made.json()["carrier_id"])
    area = {
        "country": "DE",
        "region": "BY",
        "mode": "road",
        "transit_days": transit_days,
        "currency": "EUR",
        "rate_per_shipment": per_shipment,
        "rate_per_kg": per_kg,
        "rate_per_m3": "0",
    }
    added = await svc.client.post(
        f"/v1/carriers/{carrier_id}/service-areas",
        json=area,
        headers={**staff, "Idempotency-Key": str(uuid7())},
    )
    assert added.status_code == 201, added.text
    ceiling = await svc.client.put(
        "/v1/cost-ceilings/EUR",
        json={"max_amount": "100", "max_share_of_order": "0.1"},
        headers=staff,
    )
    assert ceiling.status_code == 200, ceiling.text
    return carrier_id
