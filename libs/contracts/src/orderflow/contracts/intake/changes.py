"""Order-intake's change and cancellation events (R-6)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import IntakeEvent
from orderflow.contracts.intake.orders import OrderTransition
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import DepartmentCost, Impact, Money, Reason, Text


class ChangeKind(StrEnum):
    SPEC = "spec"
    QUANTITY = "quantity"
    DELIVERY_DATE = "delivery_date"
    DELIVERY_PLACE = "delivery_place"
    OTHER = "other"


class OrderChangeRequested(IntakeEvent):
    """A checked change request was passed on for assessment; the state is unchanged (R-6.1)."""

    event_type = "order.change_requested"
    change_request_id: UUID
    kinds: tuple[ChangeKind, ...] = Field(min_length=1)
    reason: Text
    current_version: int = Field(ge=1)
    proposed: OrderSnapshot


class OrderChanged(IntakeEvent):
    """An approved change produced a new order version that departments re-plan against (R-6.2)."""

    event_type = "order.changed"
    change_request_id: UUID
    order: OrderSnapshot
    impact: Impact | None = None


class OrderChangeRejected(IntakeEvent):
    """A change was found not feasible; the order runs on unchanged (R-6.2)."""

    event_type = "order.change_rejected"
    change_request_id: UUID
    reasons: tuple[Reason, ...] = Field(min_length=1)


class OrderCancellationRequested(OrderTransition):
    """A cancellation was requested; the order is cancelling until departments confirm (R-6.3)."""

    event_type = "order.cancellation_requested"
    cancellation_request_id: UUID
    reason: Text


class OrderCancelled(OrderTransition):
    """The order was cancelled; work stopped and what was incurred is settled (R-6.3)."""

    event_type = "order.cancelled"
    cancellation_request_id: UUID
    settlement: tuple[DepartmentCost, ...] = ()
    total_cost_incurred: Money | None = None


class OrderCancellationRefused(OrderTransition):
    """The cancellation was refused; the order returned to its previous state (R-6.3)."""

    event_type = "order.cancellation_refused"
    cancellation_request_id: UUID
    reasons: tuple[Reason, ...] = Field(min_length=1)
