"""Order-intake's lifecycle transitions after submission (DESIGN §4), one event each."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.intake.orders import OrderTransition
from orderflow.contracts.types import Reason, UtcDatetime


class OrderReturned(OrderTransition):
    """Review rejected the order; it went back to sales with every reason (R-3.3)."""

    event_type = "order.returned"
    round_id: UUID
    revision: int = Field(ge=0)
    reasons: tuple[Reason, ...] = Field(min_length=1)


class OrderApproved(OrderTransition):
    """All four departments passed the order; execution may start (R-3.3)."""

    event_type = "order.approved"
    round_id: UUID
    revision: int = Field(ge=0)


class OrderProductionStarted(OrderTransition):
    """Production planned the approved order; it is in production (R-4.1)."""

    event_type = "order.production_started"
    plan_id: UUID
    planned_completion_date: date


class OrderProductionCompleted(OrderTransition):
    """Production completed and QC passed; the order is ready to ship (R-4.3, R-4.8)."""

    event_type = "order.production_completed"
    plan_id: UUID
    qc_report_id: UUID


class OrderShipped(OrderTransition):
    """The order's goods were dispatched (R-4.8, R-4.9)."""

    event_type = "order.shipped"
    shipment_ids: tuple[UUID, ...] = Field(min_length=1)


class OrderDelivered(OrderTransition):
    """Every shipment of the order was delivered against a signed receipt (R-5.3)."""

    event_type = "order.delivered"
    delivered_at: UtcDatetime
    proof_ids: tuple[UUID, ...] = Field(min_length=1)


class AcceptanceBasis(StrEnum):
    PASSED = "passed"
    AUTO_ACCEPTED = "auto_accepted"
    CLAIM_RESOLVED = "claim_resolved"


class OrderAccepted(OrderTransition):
    """The customer's acceptance passed, lapsed into acceptance, or a claim was resolved (R-5.6)."""

    event_type = "order.accepted"
    basis: AcceptanceBasis
    acceptance_id: UUID | None = None
    claim_id: UUID | None = None


class OrderClaimOpened(OrderTransition):
    """The acceptance failed and a claim is open against the order (R-5.6)."""

    event_type = "order.claim_opened"
    claim_id: UUID


class ClosingBasis(StrEnum):
    FOLLOW_UP_DONE = "follow_up_done"
    WINDOW_ELAPSED = "window_elapsed"


class OrderClosed(OrderTransition):
    """The accepted order's file was closed after its follow-up or window (R-7.5, R-8.1)."""

    event_type = "order.closed"
    basis: ClosingBasis
