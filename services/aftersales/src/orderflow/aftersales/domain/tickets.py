"""Service tickets: warranty, support, complaints, with deadlines and reopening (R-7.1–R-7.4)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.service_levels import ServiceLevel
from orderflow.contracts import aftersales as events
from orderflow.contracts.aftersales import SlaDeadline as Deadline
from orderflow.contracts.aftersales import TicketKind as Kind
from orderflow.contracts.aftersales import TicketStatus as Status
from orderflow.contracts.base import EventPayload

WORKING = (Status.IN_PROGRESS, Status.WAITING_ON_CUSTOMER)


@dataclass(frozen=True)
class Ticket:
    id: str
    customer_id: str
    order_id: str | None
    kind: str
    channel: str
    priority: str
    status: str
    summary: str
    opened_at: datetime
    first_response_due: datetime
    resolution_due: datetime
    responded_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    first_response_breached: bool = False
    resolution_breached: bool = False
    reopen_count: int = 0
    satisfaction: int | None = None
    closed_at: datetime | None = None
    warranty_until: date | None = None
    claim_id: str | None = None
    version: int = 1


@dataclass(frozen=True)
class Update:
    """A status update the customer sees on the ticket (R-7.4)."""

    status: str
    message: str


Outcome = tuple[Ticket, list[EventPayload], list[Update]]


def open_ticket(ticket: Ticket, level: ServiceLevel, now: datetime) -> Outcome:
    """Record feedback as a ticket; a warranty claim must fall within the warranty (R-7.1)."""
    if ticket.kind == Kind.WARRANTY and (
        ticket.warranty_until is None or now.date() > ticket.warranty_until
    ):
        raise RuleError("warranty-expired", "the product is not within its warranty period")
    opened = replace(
        ticket,
        status=Status.OPEN.value,
        opened_at=now,
        first_response_due=now + level.first_response,
        resolution_due=now + level.resolution,
    )
    event = events.ServiceTicketOpened(
        ticket_id=UUID(ticket.id),
        customer_id=UUID(ticket.customer_id),
        order_id=UUID(ticket.order_id) if ticket.order_id else None,
        kind=Kind(ticket.kind),
        channel=events.TicketChannel(ticket.channel),
        priority=events.Priority(ticket.priority),
        first_response_due=opened.first_response_due,
        resolution_due=opened.resolution_due,
        warranty_until=ticket.warranty_until,
    )
    return opened, [event], [Update(Status.OPEN.value, "We have received your request.")]


def post_update(ticket: Ticket, to_status: Status, message: str, now: datetime) -> Outcome:
    """A specialist's update; the first one is the ticket's first response (R-7.3, R-7.4)."""
    if ticket.status not in (Status.OPEN, *WORKING) or to_status not in WORKING:
        raise RuleError(
            "illegal-transition", f"cannot go {ticket.status}→{to_status}", ticket.status
        )
    emitted: list[EventPayload] = []
    updated = replace(ticket, status=to_status.value, version=ticket.version + 1)
    if ticket.responded_at is None:
        updated = replace(updated, responded_at=now)
        within = now <= ticket.first_response_due
        emitted.append(
            events.ServiceTicketResponded(ticket_id=UUID(ticket.id), within_deadline=within)
        )
    emitted += _status_changed(ticket, to_status)
    return updated, emitted, [Update(to_status.value, message)]


def resolve(
    ticket: Ticket,
    resolution: events.Resolution,
    message: str,
    now: datetime,
    claim_id: str | None = None,
) -> Outcome:
    """The result is fed back to the customer, who then rates it (R-7.4).

    Resolving an open ticket at once (a question answered on the phone) is its first response.
    """
    if ticket.status not in (Status.OPEN, *WORKING):
        raise RuleError(
            "illegal-transition", f"a {ticket.status} ticket cannot be resolved", ticket.status
        )
    emitted: list[EventPayload] = []
    if ticket.responded_at is None:
        ticket = replace(ticket, responded_at=now)
        within = now <= ticket.first_response_due
        emitted.append(
            events.ServiceTicketResponded(ticket_id=UUID(ticket.id), within_deadline=within)
        )
    resolved = replace(
        ticket,
        status=Status.RESOLVED.value,
        resolution=resolution.value,
        resolved_at=now,
        claim_id=claim_id,
        version=ticket.version + 1,
    )
    event = events.ServiceTicketResolved(
        ticket_id=UUID(ticket.id),
        resolution=resolution,
        within_deadline=now <= ticket.resolution_due,
        claim_id=UUID(claim_id) if claim_id else None,
    )
    emitted += [event, *_status_changed(ticket, Status.RESOLVED)]
    return resolved, emitted, [Update(Status.RESOLVED.value, message)]


def rate(
    ticket: Ticket, satisfaction: int, satisfied: bool, level: ServiceLevel, now: datetime
) -> Outcome:
    """Satisfied closes the ticket; not satisfied reopens it with a new resolution deadline."""
    if ticket.status != Status.RESOLVED:
        raise RuleError("not-resolved", "only a resolved ticket can be rated", ticket.status)
    feedback = events.ServiceTicketFeedbackRecorded(
        ticket_id=UUID(ticket.id), satisfaction=satisfaction, satisfied=satisfied
    )
    rated = replace(ticket, satisfaction=satisfaction, version=ticket.version + 1)
    if satisfied:
        closed = replace(rated, status=Status.CLOSED.value, closed_at=now)
        emitted: list[EventPayload] = [
            feedback,
            *_status_changed(ticket, Status.CLOSED),
            events.ServiceTicketClosed(ticket_id=UUID(ticket.id), satisfied=True),
        ]
        return closed, emitted, [Update(Status.CLOSED.value, "Closed: you were satisfied.")]
    reopened = replace(
        rated,
        status=Status.IN_PROGRESS.value,
        reopen_count=ticket.reopen_count + 1,
        resolution_due=now + level.resolution,
        resolution=None,
        resolved_at=None,
        resolution_breached=False,
    )
    emitted = [
        feedback,
        events.ServiceTicketReopened(ticket_id=UUID(ticket.id), reopen_count=reopened.reopen_count),
        *_status_changed(ticket, Status.IN_PROGRESS),
    ]
    return reopened, emitted, [Update(Status.IN_PROGRESS.value, "Reopened: we are on it again.")]


def breach(ticket: Ticket, deadline: Deadline) -> tuple[Ticket, list[EventPayload]]:
    """A deadline passed before the response or resolution: flag it and tell (R-7.3, R-9.3)."""
    if deadline is Deadline.FIRST_RESPONSE:
        if ticket.responded_at is not None or ticket.first_response_breached:
            return ticket, []
        flagged, due = replace(ticket, first_response_breached=True), ticket.first_response_due
    else:
        if ticket.status not in (Status.OPEN, *WORKING) or ticket.resolution_breached:
            return ticket, []
        flagged, due = replace(ticket, resolution_breached=True), ticket.resolution_due
    event = events.ServiceTicketSlaBreached(
        ticket_id=UUID(ticket.id), deadline=deadline, due_at=due
    )
    return replace(flagged, version=ticket.version + 1), [event]


def _status_changed(ticket: Ticket, to_status: Status) -> list[EventPayload]:
    if ticket.status == to_status:
        return []
    change = events.ServiceTicketStatusChanged(
        ticket_id=UUID(ticket.id), from_status=Status(ticket.status), to_status=to_status
    )
    return [change]
