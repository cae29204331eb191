"""After-sales service quality and customer satisfaction (R-7.6, R-9.2, R-9.3)."""

from __future__ import annotations

from typing import Any

from orderflow.contracts import Envelope, EventPayload, aftersales
from orderflow.reporting.domain.facts import Effects, hours_between

Entity = dict[str, Any]
AFTERSALES = "aftersales"


def on_ticket_opened(event: Envelope[EventPayload], ticket: Entity) -> Effects:
    fx = Effects()
    opened = event.narrow(aftersales.ServiceTicketOpened).payload
    ticket.update(
        opened_at=event.occurred_at.isoformat(),
        kind=opened.kind.value,
        order_id=str(opened.order_id) if opened.order_id else None,
    )
    fx.add(
        "tickets_opened", event.occurred_at.date(), kind=opened.kind.value, department=AFTERSALES
    )
    return fx


def on_ticket_responded(event: Envelope[EventPayload], ticket: Entity) -> Effects:
    """First response within its deadline (R-7.3); the responder is the ticket's specialist."""
    fx = Effects()
    responded = event.narrow(aftersales.ServiceTicketResponded).payload
    if ticket.get("responded"):
        return fx
    ticket.update(responded=True, person=event.actor or ticket.get("person"))
    fx.add(
        "first_response",
        event.occurred_at.date(),
        responded.within_deadline,
        department=AFTERSALES,
        person=ticket.get("person"),
    )
    return fx


def on_ticket_resolved(event: Envelope[EventPayload], ticket: Entity) -> Effects:
    """A ticket counts resolved once; its resolution time runs from opening (R-7.6)."""
    fx = Effects()
    resolved = event.narrow(aftersales.ServiceTicketResolved).payload
    if ticket.get("resolved"):
        return fx
    ticket.update(resolved=True, person=event.actor or ticket.get("person"))
    day = event.occurred_at.date()
    hours = hours_between(ticket.get("opened_at"), event.occurred_at)
    person = ticket.get("person")
    if hours is not None:
        fx.add("tickets_resolved", day, hours, department=AFTERSALES, person=person)
    fx.add(
        "resolution_on_time", day, resolved.within_deadline, department=AFTERSALES, person=person
    )
    return fx


def on_ticket_reopened(event: Envelope[EventPayload], ticket: Entity) -> Effects:
    fx = Effects()
    fx.add("tickets_reopened", event.occurred_at.date(), kind=ticket.get("kind"))
    return fx


def on_ticket_feedback(event: Envelope[EventPayload], ticket: Entity) -> Effects:
    fx = Effects()
    feedback = event.narrow(aftersales.ServiceTicketFeedbackRecorded).payload
    fx.add(
        "satisfaction",
        event.occurred_at.date(),
        feedback.satisfaction,
        source="ticket",
        department=AFTERSALES,
        person=ticket.get("person"),
    )
    return fx


def on_survey(event: Envelope[EventPayload], _: Entity) -> Effects:
    fx = Effects()
    survey = event.narrow(aftersales.SatisfactionSurveyRecorded).payload
    fx.add("satisfaction", event.occurred_at.date(), survey.satisfaction, source="survey")
    return fx


def on_follow_up_scheduled(event: Envelope[EventPayload], follow_up: Entity) -> Effects:
    scheduled = event.narrow(aftersales.FollowUpScheduled).payload
    follow_up.update(
        order_id=str(scheduled.order_id) if scheduled.order_id else None,
        person=scheduled.assigned_to,
    )
    return Effects()


def on_follow_up_completed(event: Envelope[EventPayload], follow_up: Entity) -> Effects:
    fx = Effects()
    done = event.narrow(aftersales.FollowUpCompleted).payload
    if done.satisfaction is not None:
        fx.add(
            "satisfaction",
            event.occurred_at.date(),
            done.satisfaction,
            source="follow_up",
            department=AFTERSALES,
            person=follow_up.get("person") or event.actor,
        )
    return fx


def on_claim_opened(event: Envelope[EventPayload], _: Entity) -> Effects:
    fx = Effects()
    claim = event.narrow(aftersales.ClaimOpened).payload
    remedy = claim.requested_remedy.value if claim.requested_remedy else "unspecified"
    fx.add("claims_opened", event.occurred_at.date(), remedy=remedy)
    return fx
