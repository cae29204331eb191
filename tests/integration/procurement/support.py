"""Helpers for procurement's API tests: set up items and suppliers, build production's events."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from orderflow.contracts import Envelope, EventPayload
from orderflow.contracts import production as production_events
from orderflow.contracts.production.plans import WorkCenterKind
from orderflow.contracts.types import CheckResult, Department, Reason, RoundKind, Verdict
from tests.support.service_app import RunningService

STAFF = (
    "procurement:suppliers:read",
    "procurement:suppliers:write",
    "procurement:inventory:read",
    "procurement:inventory:write",
    "procurement:purchase-orders:read",
    "procurement:purchase-orders:write",
    "procurement:receipts:write",
)


def staff(svc: RunningService, **extra: str) -> dict[str, str]:
    return svc.auth(*STAFF) | extra


async def add_item(svc: RunningService, code: str, on_hand: str, category: str = "steel") -> None:
    body = {"item_code": code, "unit": "kg", "category": category, "on_hand": on_hand}
    answer = await svc.client.post(
        "/v1/inventory/items",
        json=body,
        headers=staff(svc, **{"Idempotency-Key": uuid.uuid4().hex}),
    )
    assert answer.status_code == 201, answer.text


async def add_supplier(
    svc: RunningService,
    name: str,
    offers: list[tuple[str, int, str]],
    categories: tuple[str, ...] = ("steel",),
) -> dict[str, Any]:
    """A qualified supplier; offers are (item_code, lead_time_days, unit_price) in EUR."""
    body = {
        "name": name,
        "categories": list(categories),
        "offers": [
            {"item_code": c, "lead_time_days": d, "unit_price": p, "currency": "EUR"}
            for c, d, p in offers
        ],
    }
    answer = await svc.client.post(
        "/v1/suppliers", json=body, headers=staff(svc, **{"Idempotency-Key": uuid.uuid4().hex})
    )
    assert answer.status_code == 201, answer.text
    supplier: dict[str, Any] = answer.json()
    return supplier


async def suspend(svc: RunningService, supplier: dict[str, Any]) -> None:
    answer = await svc.client.post(
        f"/v1/suppliers/{supplier['id']}/suspension",
        json={"reason": "failed audit"},
        headers=staff(svc, **{"If-Match": f'"{supplier["version"]}"'}),
    )
    assert answer.status_code == 200, answer.text


def plan_created(
    order_id: uuid.UUID, needs: list[tuple[str, str]], needed_by: date
) -> Envelope[EventPayload]:
    """production_plan.created for `order_id` needing (item_code, quantity) in kg."""
    operation = production_events.PlannedOperation(
        operation_no=1,
        operation="weld",
        work_center_id=uuid.uuid4(),
        work_center_kind=WorkCenterKind.LINE,
        start_on=needed_by,
        end_on=needed_by + timedelta(days=2),
        hours=Decimal(8),
    )
    payload = production_events.ProductionPlanCreated(
        plan_id=uuid.uuid4(),
        order_version=1,
        operations=(operation,),
        quality_standard="ISO 9001 weld inspection",
        material_requirements=tuple(
            production_events.MaterialRequirement(
                item_code=code, quantity=Decimal(qty), unit="kg", needed_by=needed_by
            )
            for code, qty in needs
        ),
        planned_completion_date=needed_by + timedelta(days=3),
    )
    return Envelope.new(payload, order_id=order_id)


def production_answered(
    order_id: uuid.UUID, shortfalls: list[tuple[str, str]], completion: date | None = None
) -> Envelope[EventPayload]:
    """production_assessment.answered naming material shortfalls (item_code, quantity)."""
    reasons = tuple(
        Reason(department=Department.PRODUCTION, rule="materials-short", message=f"{c} short")
        for c, _ in shortfalls
    )
    verdict = Verdict.FAIL if shortfalls else Verdict.PASS
    payload = production_events.ProductionAssessmentAnswered(
        round_id=uuid.uuid4(),
        round_kind=RoundKind.REVIEW,
        order_version=1,
        result=CheckResult(verdict=verdict, reasons=reasons),
        earliest_completion_date=completion,
        material_shortfalls=tuple(
            production_events.MaterialShortfall(item_code=c, quantity_short=Decimal(q), unit="kg")
            for c, q in shortfalls
        ),
    )
    return Envelope.new(payload, order_id=order_id)


async def purchase_orders(svc: RunningService, **filters: str) -> list[dict[str, Any]]:
    answer = await svc.client.get("/v1/purchase-orders", params=filters, headers=staff(svc))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def receive(
    svc: RunningService, po_id: str, quantity: str, passed: bool, note: str | None = None
) -> dict[str, Any]:
    current = await svc.client.get(f"/v1/purchase-orders/{po_id}", headers=staff(svc))
    body: dict[str, Any] = {"quantity_received": quantity, "quality_passed": passed}
    if note:
        body["note"] = note
    headers = staff(
        svc, **{"Idempotency-Key": uuid.uuid4().hex, "If-Match": current.headers["ETag"]}
    )
    answer = await svc.client.post(
        f"/v1/purchase-orders/{po_id}/receipts", json=body, headers=headers
    )
    assert answer.status_code == 201, answer.text
    receipt: dict[str, Any] = answer.json()
    return receipt
