"""Setting up production through its API, and the events review and procurement send it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from orderflow.contracts import Envelope, EventPayload, procurement, production, review
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import Department, RoundKind
from tests.support.service_app import RunningService

CATALOG = ("production:catalog:write", "production:catalog:read")
FLOOR = (
    "production:plans:read",
    "production:tasks:assign",
    "production:progress:write",
    "production:qc:write",
)


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


async def work_center(svc: RunningService, hours: str = "8", rate: str = "50", **more: Any) -> str:
    body = {
        "name": "Assembly line 1",
        "kind": "line",
        "hours_per_day": hours,
        "hourly_rate": rate,
        "lead_person_id": "lead-anna",
        **more,
    }
    created = await svc.client.post(
        "/v1/work-centers", json=body, headers={**svc.auth(*CATALOG), **key()}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def chair(
    svc: RunningService, *steps: tuple[str, str, str], materials: list[dict[str, str]] | None = None
) -> str:
    body = {
        "code": "CHAIR",
        "name": "Oak chair",
        "quality_standard": "joints hold 120 kg; finish without runs",
        "routing": [
            {"operation": op, "work_center_id": wc, "hours_per_unit": h} for op, wc, h in steps
        ],
        "bill_of_materials": materials or [],
    }
    created = await svc.client.post(
        "/v1/products", json=body, headers={**svc.auth(*CATALOG), **key()}
    )
    assert created.status_code == 201, created.text
    return "CHAIR"


def requested(
    order: OrderSnapshot,
    *,
    order_id: uuid.UUID | None = None,
    kind: RoundKind = RoundKind.REVIEW,
    proposed: OrderSnapshot | None = None,
) -> Envelope[EventPayload]:
    payload = review.AssessmentRequested(
        round_id=uuid.uuid4(),
        kind=kind,
        departments=(Department.PRODUCTION, Department.PROCUREMENT),
        order=order,
        proposed=proposed,
        deadline=datetime(2026, 1, 6, 9, tzinfo=UTC),
    )
    return Envelope.new(payload, order_id=order_id or uuid.uuid4())


def approved(request: Envelope[EventPayload]) -> Envelope[EventPayload]:
    asked = request.narrow(review.AssessmentRequested).payload
    payload = review.RoundApproved(round_id=asked.round_id, kind=asked.kind, revision=0)
    return Envelope.new(payload, order_id=request.order_id)


def withdrawn(request: Envelope[EventPayload]) -> Envelope[EventPayload]:
    asked = request.narrow(review.AssessmentRequested).payload
    payload = review.RoundWithdrawn(
        round_id=asked.round_id, kind=asked.kind, reason=review.WithdrawalReason.ORDER_CANCELLED
    )
    return Envelope.new(payload, order_id=request.order_id)


def stock(item: str, available: str, *lead_days: int, unit: str = "kg") -> Envelope[EventPayload]:
    options = tuple(
        procurement.SupplyOption(
            supplier_id=uuid.uuid4(),
            lead_time_days=days,
            unit_price={"amount": Decimal(1), "currency": "EUR"},  # type: ignore[arg-type]
        )
        for days in lead_days
    )
    payload = procurement.ItemAvailabilityChanged(
        item_code=item,
        unit=unit,
        on_hand=Decimal(available),
        reserved=Decimal(0),
        available=Decimal(available),
        supply_options=options,
    )
    return Envelope.new(payload, subject=f"item:{item}")


async def answers(svc: RunningService) -> list[production.ProductionAssessmentAnswered]:
    """Production's assessment answers, oldest first."""
    published = await svc.published("production_assessment.answered")
    return [e.narrow(production.ProductionAssessmentAnswered).payload for e in published]


def days_after(start: date, n: int) -> date:
    return start + timedelta(days=n)


def fulfilled(plan_id: str, order_id: uuid.UUID) -> Envelope[EventPayload]:
    payload = procurement.RequisitionFulfilled(
        requisition_id=uuid.uuid4(), plan_id=uuid.UUID(plan_id)
    )
    return Envelope.new(payload, order_id=order_id)


def delay(
    order_id: uuid.UUID, delay_id: uuid.UUID, *, resolved: bool = False
) -> Envelope[EventPayload]:
    order, supplier = uuid.uuid4(), uuid.uuid4()
    payload: EventPayload
    if resolved:
        payload = procurement.SupplierDelayResolved(
            purchase_order_id=order,
            supplier_id=supplier,
            order_ids=(order_id,),
            delay_id=delay_id,
            resolution="shipped",
        )
    else:
        payload = procurement.SupplierDelayRaised(
            purchase_order_id=order,
            supplier_id=supplier,
            order_ids=(order_id,),
            delay_id=delay_id,
            source=procurement.DelaySource.SUPPLIER_REPORTED,
            expected_on=date(2026, 1, 12),
        )
    return Envelope.new(payload, subject=f"supplier:{supplier}")
