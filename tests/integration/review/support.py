"""Review's integration helpers: intake's and departments' events, rules through the API."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from orderflow.contracts import Envelope, EventPayload, intake, logistics, procurement, production
from orderflow.contracts.intake.customers import CustomerKind, RegistrationStatus
from orderflow.contracts.intake.orders import OrderStatus
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Impact, Reason, RoundKind, Verdict
from tests.support.service_app import RunningService
from tests.unit.review.builders import CUSTOMER, LIST_PRICE

D = Department
RULES_WRITER = (
    "review:rules:write",
    "review:rules:read",
    "review:sales:rules:write",
    "review:sales:rules:read",
    "review:finance:rules:write",
    "review:finance:rules:read",
)
READER = "review:rounds:read"
PASS = CheckResult(verdict=Verdict.PASS)


def customer_registered(customer_id: UUID = CUSTOMER, **changes: Any) -> Envelope[EventPayload]:
    facts: dict[str, Any] = {
        "customer_id": customer_id,
        "kind": CustomerKind.BUSINESS,
        "tier": "gold",
        "country": "DE",
        "registration_status": RegistrationStatus.REGISTERED,
        "registration_number": "HRB-12345",
    }
    payload = intake.CustomerRegistered(**{**facts, **changes})
    return Envelope.new(payload, subject=f"customer:{customer_id}")


def submitted(order_id: UUID, snapshot: OrderSnapshot) -> Envelope[EventPayload]:
    payload = intake.OrderSubmitted(
        from_status=OrderStatus.DRAFT if snapshot.revision == 0 else OrderStatus.RETURNED,
        to_status=OrderStatus.UNDER_REVIEW,
        order=snapshot,
    )
    return Envelope.new(payload, order_id=order_id, actor="sales-clerk")


def answer(
    department: D,
    order_id: UUID,
    round_id: UUID,
    result: CheckResult = PASS,
    *,
    kind: RoundKind = RoundKind.REVIEW,
    impact: Impact | None = None,
) -> Envelope[EventPayload]:
    """The assessment answer a department would publish (until those services answer for real)."""
    common: dict[str, Any] = {
        "round_id": round_id,
        "round_kind": kind,
        "order_version": 1,
        "result": result,
        "impact": impact,
    }
    payload: EventPayload = {
        D.PRODUCTION: production.ProductionAssessmentAnswered,
        D.PROCUREMENT: procurement.MaterialsAssessmentAnswered,
        D.LOGISTICS: logistics.DeliveryAssessmentAnswered,
    }[department](**common)
    return Envelope.new(payload, order_id=order_id)


def refusal(department: D, rule: str, message: str) -> CheckResult:
    reason = Reason(department=department, rule=rule, message=message)
    return CheckResult(verdict=Verdict.FAIL, reasons=(reason,))


async def all_departments_answer(
    svc: RunningService, order_id: UUID, round_id: UUID, **results: CheckResult
) -> None:
    for department in (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS):
        await svc.deliver(
            answer(department, order_id, round_id, results.get(department.value, PASS))
        )


async def create_rule(svc: RunningService, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await svc.client.post(
        f"/v1/{path}",
        json=body,
        headers={**svc.auth(*RULES_WRITER), "Idempotency-Key": str(uuid4())},
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def standard_rules(svc: RunningService, credit_limit: str = "5000") -> None:
    """Credit 5000 at rating 70, nothing owed, PUMP-100 listed at 100, net-30 for gold."""
    customer = str(CUSTOMER)
    await create_rule(
        svc,
        "credit-profiles",
        {
            "customer_id": customer,
            "credit_rating": 70,
            "credit_limit": credit_limit,
            "currency": "EUR",
        },
    )
    await create_rule(
        svc,
        "receivables",
        {"customer_id": customer, "outstanding": "0", "overdue": "0", "currency": "EUR"},
    )
    await create_rule(
        svc,
        "price-lists",
        {"currency": "EUR", "tolerance_percent": "5", "prices": {"PUMP-100": str(LIST_PRICE)}},
    )
    await create_rule(svc, "payment-term-policies", {"tier": "gold", "allowed_terms": ["net-30"]})


async def only_round(svc: RunningService, order_id: UUID) -> dict[str, Any]:
    """The order's newest round as the API shows it."""
    response = await svc.client.get(
        "/v1/rounds", params={"order_id": str(order_id)}, headers=svc.auth(READER)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items[-1]


async def outcome_events(svc: RunningService, round_id: UUID | str) -> list[str]:
    """The event types published about the round, oldest first."""
    events = await svc.published()
    return [
        e.event_type for e in events if str(getattr(e.payload, "round_id", "")) == str(round_id)
    ]
