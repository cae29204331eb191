"""The ticket rules, pure: warranty, first response, resolution, reopening, breaches (R-7)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from orderflow.aftersales.domain import tickets as rules
from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.service_levels import DEFAULT_SERVICE_LEVELS
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.contracts import aftersales as events

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
LEVEL = DEFAULT_SERVICE_LEVELS[(events.TicketKind.COMPLAINT, events.Priority.NORMAL)]
Status, Deadline = events.TicketStatus, events.SlaDeadline


def draft(kind: str = "complaint", warranty_until: date | None = None) -> Ticket:
    return Ticket(
        id="0193a000-0000-7000-8000-000000000011",
        customer_id="0193a000-0000-7000-8000-000000000003",
        order_id=None,
        kind=kind,
        channel="phone",
        priority="normal",
        status="open",
        summary="Wrong invoice",
        opened_at=NOW,
        first_response_due=NOW,
        resolution_due=NOW,
        warranty_until=warranty_until,
    )


def opened() -> Ticket:
    ticket, _, _ = rules.open_ticket(draft(), LEVEL, NOW)
    return ticket


def test_opening_sets_both_deadlines_from_the_service_level() -> None:
    ticket = opened()
    assert ticket.first_response_due == NOW + LEVEL.first_response
    assert ticket.resolution_due == NOW + LEVEL.resolution


def test_warranty_tickets_only_within_the_warranty() -> None:
    rules.open_ticket(draft("warranty", NOW.date()), LEVEL, NOW)
    with pytest.raises(RuleError, match="warranty"):
        rules.open_ticket(draft("warranty", NOW.date() - timedelta(days=1)), LEVEL, NOW)
    with pytest.raises(RuleError, match="warranty"):
        rules.open_ticket(draft("warranty", None), LEVEL, NOW)


def test_the_first_update_is_the_first_response_and_late_is_late() -> None:
    late = NOW + LEVEL.first_response + timedelta(minutes=1)
    ticket, emitted, _ = rules.post_update(opened(), Status.IN_PROGRESS, "on it", late)
    responded = emitted[0]
    assert isinstance(responded, events.ServiceTicketResponded)
    assert not responded.within_deadline
    _, again, _ = rules.post_update(ticket, Status.WAITING_ON_CUSTOMER, "need photo", late)
    assert [type(e) for e in again] == [events.ServiceTicketStatusChanged]


def test_a_breach_counts_once_and_not_after_the_response() -> None:
    ticket, (event,) = rules.breach(opened(), Deadline.FIRST_RESPONSE)
    assert ticket.first_response_breached
    assert isinstance(event, events.ServiceTicketSlaBreached)
    assert rules.breach(ticket, Deadline.FIRST_RESPONSE) == (ticket, [])
    answered, _, _ = rules.post_update(opened(), Status.IN_PROGRESS, "on it", NOW)
    assert rules.breach(answered, Deadline.FIRST_RESPONSE) == (answered, [])


def test_unsatisfied_reopens_with_a_new_deadline_and_satisfied_closes() -> None:
    working, _, _ = rules.post_update(opened(), Status.IN_PROGRESS, "on it", NOW)
    resolved, _, _ = rules.resolve(working, events.Resolution.ANSWERED, "done", NOW)
    later = NOW + timedelta(days=1)
    reopened, emitted, _ = rules.rate(resolved, 2, False, LEVEL, later)
    assert (reopened.status, reopened.reopen_count) == ("in_progress", 1)
    assert reopened.resolution_due == later + LEVEL.resolution
    assert events.ServiceTicketReopened in [type(e) for e in emitted]
    resolved, _, _ = rules.resolve(reopened, events.Resolution.REPAIRED, "fixed", later)
    closed, emitted, _ = rules.rate(resolved, 5, True, LEVEL, later)
    assert closed.status == "closed"
    assert isinstance(emitted[-1], events.ServiceTicketClosed)
    with pytest.raises(RuleError):
        rules.rate(closed, 1, False, LEVEL, later)


def test_resolving_at_once_is_also_the_first_response() -> None:
    resolved, emitted, _ = rules.resolve(opened(), events.Resolution.ANSWERED, "explained", NOW)
    assert (resolved.status, resolved.responded_at) == ("resolved", NOW)
    assert [type(e) for e in emitted][:2] == [
        events.ServiceTicketResponded,
        events.ServiceTicketResolved,
    ]
    with pytest.raises(RuleError):
        rules.resolve(resolved, events.Resolution.ANSWERED, "again", NOW)
