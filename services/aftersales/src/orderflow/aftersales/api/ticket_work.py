"""A specialist's work on a ticket and the customer's verdict on it (R-7.3, R-7.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response

from orderflow.aftersales.actions import claims, tickets
from orderflow.aftersales.actions.common import settings_of
from orderflow.aftersales.api.common import for_change, rules_as_problems, with_etag
from orderflow.aftersales.api.tickets import public
from orderflow.aftersales.domain.claims import ClaimLine
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.aftersales.schemas.tickets import (
    TicketFeedbackIn,
    TicketPublic,
    TicketResolutionIn,
    TicketUpdateIn,
    WarrantyClaimIn,
)
from orderflow.contracts.aftersales import TicketStatus as Status
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import Principal, problem_responses, require_scopes

router = APIRouter(tags=["tickets"])
Writer = Annotated[Principal, require_scopes("aftersales:tickets:write")]
Specialist = Annotated[Principal, require_scopes("aftersales:tickets:handle")]
TRANSITION = problem_responses(404, 409, 412, 428)


@router.post("/tickets/{ticket_id}/updates", response_model=TicketPublic, responses=TRANSITION)
async def post_update(
    ticket_id: str,
    body: TicketUpdateIn,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Specialist,
) -> TicketPublic:
    """A specialist's status update; the first is the ticket's first response (R-7.3)."""
    async with session.begin():
        ticket = await for_change(session, Ticket, ticket_id, principal, request, "Ticket")
        with rules_as_problems():
            updated = await tickets.post_update(
                session, ticket, Status(body.status), body.message, actor=principal.subject, now=now
            )
        out = await public(session, updated)
    with_etag(response, updated)
    return out


@router.post("/tickets/{ticket_id}/resolution", response_model=TicketPublic, responses=TRANSITION)
async def resolve_ticket(
    ticket_id: str,
    body: TicketResolutionIn,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Specialist,
) -> TicketPublic:
    async with session.begin():
        ticket = await for_change(session, Ticket, ticket_id, principal, request, "Ticket")
        with rules_as_problems():
            updated = await tickets.resolve(
                session, ticket, body.resolution, body.message, actor=principal.subject, now=now
            )
        out = await public(session, updated)
    with_etag(response, updated)
    return out


@router.post("/tickets/{ticket_id}/feedback", response_model=TicketPublic, responses=TRANSITION)
async def give_feedback(
    ticket_id: str,
    body: TicketFeedbackIn,
    request: Request,
    response: Response,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Writer,
) -> TicketPublic:
    """Satisfaction 1–5 on the result; not satisfied reopens the ticket (R-7.4)."""
    satisfied = body.satisfied if body.satisfied is not None else body.satisfaction >= 4
    async with session.begin():
        ticket = await for_change(session, Ticket, ticket_id, principal, request, "Ticket")
        with rules_as_problems():
            updated = await tickets.rate(
                session,
                ticket,
                body.satisfaction,
                satisfied,
                follow_up_after_days=settings_of(state).follow_up_after_days,
                actor=principal.subject,
                now=now,
            )
        out = await public(session, updated)
    with_etag(response, updated)
    return out


@router.post("/tickets/{ticket_id}/claim", response_model=TicketPublic, responses=TRANSITION)
async def open_warranty_claim(
    ticket_id: str,
    body: WarrantyClaimIn,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Specialist,
) -> TicketPublic:
    """A warranty case needing goods repaired, replaced or returned opens a claim (R-7.1)."""
    lines = [ClaimLine(i.line_no, str(i.quantity), i.problem) for i in body.lines]
    async with session.begin():
        ticket = await for_change(session, Ticket, ticket_id, principal, request, "Ticket")
        with rules_as_problems():
            updated = await claims.open_from_warranty_ticket(
                session,
                ticket,
                lines,
                body.requested_remedy,
                body.message,
                actor=principal.subject,
                now=now,
            )
        out = await public(session, updated)
    with_etag(response, updated)
    return out
