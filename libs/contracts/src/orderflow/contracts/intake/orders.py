"""Order-intake's events from entry to submission: the order, its check and its revisions."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import IntakeEvent
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import ActorRef, Code, ContractModel, Text, UtcDatetime


class OrderStatus(StrEnum):
    """The states of DESIGN §4."""

    DRAFT = "draft"
    NEEDS_CLARIFICATION = "needs_clarification"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    APPROVED = "approved"
    IN_PRODUCTION = "in_production"
    READY_TO_SHIP = "ready_to_ship"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    CLAIM_OPEN = "claim_open"
    CLOSED = "closed"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"


class OrderTransition(IntakeEvent):
    """A move of the order's state machine; each subclass is one transition."""

    from_status: OrderStatus
    to_status: OrderStatus


class QuestionKind(StrEnum):
    INCOMPLETE = "incomplete"
    AMBIGUOUS = "ambiguous"
    SUSPECTED_DUPLICATE = "suspected_duplicate"


class ClarificationQuestion(ContractModel):
    question_id: Code
    kind: QuestionKind
    # The order field in doubt, as a dotted path (`lines.2.quantity`), when there is one.
    field: Code | None = None
    question: Text


class OrderCreated(IntakeEvent):
    """An order was entered online or recorded by staff (R-2.1, R-2.2, R-2.3, R-2.5)."""

    event_type = "order.created"
    order: OrderSnapshot
    received_at: UtcDatetime
    recorded_by: ActorRef | None = None
    # E-commerce orders keep the platform's own order id.
    platform: Code | None = None
    platform_order_id: Code | None = None


class OrderRevised(IntakeEvent):
    """The order's content was edited while in draft, clarification or returned (R-2.4, R-3.3)."""

    event_type = "order.revised"
    order: OrderSnapshot


class OrderChecked(IntakeEvent):
    """The initial information check passed; the order may be submitted (R-2.4)."""

    event_type = "order.checked"
    revision: int = Field(ge=0)


class OrderClarificationRequested(OrderTransition):
    """The information check found open questions; the order waits for answers (R-2.4)."""

    event_type = "order.clarification_requested"
    questions: tuple[ClarificationQuestion, ...] = Field(min_length=1)
    duplicate_candidates: tuple[UUID, ...] = ()


class OrderClarified(OrderTransition):
    """Staff recorded the answers to the open questions; the order is a draft again (R-2.4)."""

    event_type = "order.clarified"
    answered_question_ids: tuple[Code, ...] = Field(min_length=1)


class OrderSubmitted(OrderTransition):
    """A checked order was submitted (or resubmitted) for the four reviews (R-2.4, R-3.1, R-3.3)."""

    event_type = "order.submitted"
    order: OrderSnapshot
