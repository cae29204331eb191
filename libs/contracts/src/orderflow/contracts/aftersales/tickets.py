"""Aftersales' service tickets: warranty, support, complaints; keyed `ticket:<id>`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import AftersalesEvent
from orderflow.contracts.types import Satisfaction, UtcDatetime


class TicketKind(StrEnum):
    WARRANTY = "warranty"
    TECH_SUPPORT = "tech_support"
    COMPLAINT = "complaint"


class TicketChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ONLINE = "online"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class TicketStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    RESOLVED = "resolved"
    CLOSED = "closed"


class TicketEvent(AftersalesEvent):
    """An event about one service ticket; order_id is set when the ticket concerns an order."""

    subject_kind = "ticket"
    ticket_id: UUID


class ServiceTicketOpened(TicketEvent):
    """Feedback was recorded as a ticket with deadlines (R-7.1, R-7.2, R-7.3, R-7.4, R-9.2)."""

    event_type = "service_ticket.opened"
    customer_id: UUID
    order_id: UUID | None = None
    kind: TicketKind
    channel: TicketChannel
    priority: Priority
    first_response_due: UtcDatetime
    resolution_due: UtcDatetime
    warranty_until: date | None = None


class ServiceTicketResponded(TicketEvent):
    """A specialist gave the ticket its first response (R-7.3, R-7.6)."""

    event_type = "service_ticket.responded"
    within_deadline: bool


class ServiceTicketStatusChanged(TicketEvent):
    """The ticket's status changed; the customer sees every update (R-7.4)."""

    event_type = "service_ticket.status_changed"
    from_status: TicketStatus
    to_status: TicketStatus


class Resolution(StrEnum):
    ANSWERED = "answered"
    REPAIRED = "repaired"
    REPLACED = "replaced"
    RETURNED = "returned"
    NO_FAULT_FOUND = "no_fault_found"
    CLAIM_OPENED = "claim_opened"


class ServiceTicketResolved(TicketEvent):
    """The ticket was resolved, the result fed back (R-7.1, R-7.2, R-7.3, R-7.4)."""

    event_type = "service_ticket.resolved"
    resolution: Resolution
    within_deadline: bool
    claim_id: UUID | None = None


class ServiceTicketReopened(TicketEvent):
    """The customer was not satisfied and the ticket runs again (R-7.4)."""

    event_type = "service_ticket.reopened"
    reopen_count: int = Field(ge=1)


class ServiceTicketClosed(TicketEvent):
    """The ticket was closed (R-7.4)."""

    event_type = "service_ticket.closed"
    satisfied: bool | None = None


class SlaDeadline(StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


class ServiceTicketSlaBreached(TicketEvent):
    """A ticket missed its first-response or resolution deadline (R-7.3, R-9.3)."""

    event_type = "service_ticket.sla_breached"
    deadline: SlaDeadline
    due_at: UtcDatetime


class ServiceTicketFeedbackRecorded(TicketEvent):
    """The customer rated the resolution 1 to 5 (R-7.4, R-7.6, R-9.3)."""

    event_type = "service_ticket.feedback_recorded"
    satisfaction: Satisfaction
    satisfied: bool
