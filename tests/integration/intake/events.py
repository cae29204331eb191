"""Other departments' events, as their services would publish them, for intake's tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from orderflow.contracts import Envelope, EventPayload, aftersales, logistics, production, review
from orderflow.contracts.types import (
    Department,
    DepartmentCost,
    Money,
    Reason,
    RoundKind,
    WorkState,
)

AT = datetime(2026, 1, 6, 10, 0, tzinfo=UTC)


def env(payload: EventPayload, order_id: str | UUID) -> Envelope[EventPayload]:
    return Envelope.new(payload, order_id=UUID(str(order_id)), actor="dept-bot")


def reason(dept: Department = Department.FINANCE, rule: str = "credit-limit") -> Reason:
    return Reason(department=dept, rule=rule, message=f"{dept} says no")


def approved(
    order_id: str, revision: int = 0, kind: RoundKind = RoundKind.REVIEW, **extra: Any
) -> Envelope[EventPayload]:
    return env(
        review.RoundApproved(round_id=uuid4(), kind=kind, revision=revision, **extra), order_id
    )


def rejected(
    order_id: str,
    revision: int = 0,
    kind: RoundKind = RoundKind.REVIEW,
    reasons: tuple[Reason, ...] = (reason(),),
    **extra: Any,
) -> Envelope[EventPayload]:
    return env(
        review.RoundRejected(
            round_id=uuid4(), kind=kind, revision=revision, reasons=reasons, **extra
        ),
        order_id,
    )


def cost(dept: Department, amount: str) -> DepartmentCost:
    return DepartmentCost(
        department=dept,
        work_state=WorkState.PARTLY_DONE,
        cost_incurred=Money(amount=Decimal(amount), currency="EUR"),
    )


def plan_created(order_id: str) -> Envelope[EventPayload]:
    op = production.PlannedOperation.model_validate(
        {
            "operation_no": 1,
            "operation": "assemble",
            "work_center_id": str(uuid4()),
            "work_center_kind": "workshop",
            "start_on": "2026-01-10",
            "end_on": "2026-01-12",
            "hours": "8",
        }
    )
    payload = production.ProductionPlanCreated(
        plan_id=uuid4(),
        order_version=1,
        operations=(op,),
        quality_standard="ISO 9001",
        planned_completion_date=date(2026, 1, 12),
    )
    return env(payload, order_id)


def completed(order_id: str) -> Envelope[EventPayload]:
    return env(
        production.ProductionCompleted(plan_id=uuid4(), qc_report_id=uuid4(), quantity=Decimal(3)),
        order_id,
    )


def dispatched(order_id: str, all_dispatched: bool = True) -> Envelope[EventPayload]:
    return env(
        logistics.ShipmentDispatched(
            shipment_id=uuid4(),
            carrier_id=uuid4(),
            tracking_number="TRK-1",
            all_dispatched=all_dispatched,
        ),
        order_id,
    )


def delivered(order_id: str) -> Envelope[EventPayload]:
    return env(
        logistics.ShipmentDelivered(
            shipment_id=uuid4(),
            proof_id=uuid4(),
            signed_at=AT,
            has_signature_image=True,
            all_delivered=True,
        ),
        order_id,
    )


def acceptance_passed(order_id: str) -> Envelope[EventPayload]:
    return env(
        aftersales.AcceptancePassed(acceptance_id=uuid4(), recorded_by_customer=True), order_id
    )


def acceptance_failed_claim(order_id: str) -> Envelope[EventPayload]:
    line = aftersales.ClaimLine(line_no=1, quantity=Decimal(1), problem="Cracked housing")
    return env(aftersales.ClaimOpened(claim_id=uuid4(), lines=(line,)), order_id)


def claim_closed(order_id: str) -> Envelope[EventPayload]:
    return env(
        aftersales.ClaimClosed(claim_id=uuid4(), outcome=aftersales.ClaimOutcome.REMEDIED), order_id
    )


def follow_up(order_id: str) -> tuple[Envelope[EventPayload], Envelope[EventPayload]]:
    follow_up_id = uuid4()
    scheduled = aftersales.FollowUpScheduled(
        follow_up_id=follow_up_id,
        customer_id=uuid4(),
        order_id=UUID(order_id),
        due_on=date(2026, 2, 1),
    )
    done = aftersales.FollowUpCompleted(
        follow_up_id=follow_up_id, outcome=aftersales.FollowUpOutcome.SATISFIED
    )
    return (
        Envelope.new(scheduled, subject=f"follow_up:{follow_up_id}"),
        Envelope.new(done, subject=f"follow_up:{follow_up_id}"),
    )
