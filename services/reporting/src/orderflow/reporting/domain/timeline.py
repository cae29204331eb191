"""The order file's timeline entry for an event: who did what (R-8.1, R-9.1)."""

from __future__ import annotations

from orderflow.contracts import Envelope, EventPayload, intake, review
from orderflow.reporting.domain.facts import TimelineEntry

# Payload fields naming the person who acted, when the envelope names no actor.
PERSON_FIELDS = (
    "decided_by",
    "recorded_by",
    "responsible_person_id",
    "technician_id",
    "inspector_id",
    "assigned_to",
)


def who(event: Envelope[EventPayload]) -> str | None:
    if event.actor is not None:
        return event.actor
    for name in PERSON_FIELDS:
        value = getattr(event.payload, name, None)
        if value is not None:
            return str(value)
    return None


def what(event: Envelope[EventPayload]) -> str:
    """The event's meaning in the regulation's words, with the detail a supervisor looks for."""
    payload = event.payload
    summary = (type(payload).__doc__ or event.event_type).strip().splitlines()[0]
    details: list[str] = []
    if isinstance(payload, intake.OrderTransition):
        details.append(f"{payload.from_status.value} → {payload.to_status.value}")
    if isinstance(payload, review.DepartmentCheckRecorded):
        details.append(f"{payload.department.value}: {payload.result.verdict.value}")
        details.extend(reason.message for reason in payload.result.reasons)
    reasons = getattr(payload, "reasons", None)
    if isinstance(payload, intake.OrderReturned | review.RoundRejected) and reasons:
        details.extend(f"{r.department.value}: {r.message}" for r in reasons)
    return summary + (f" [{'; '.join(details)}]" if details else "")


def entry(event: Envelope[EventPayload], order_id: str | None) -> TimelineEntry | None:
    if order_id is None:
        return None
    return TimelineEntry(order_id=order_id, who=who(event), what=what(event))
