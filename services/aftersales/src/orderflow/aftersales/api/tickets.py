"""Ticket routes: open, update, resolve, rate; the customer sees every update (R-7.1–R-7.4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions import tickets
from orderflow.aftersales.actions.common import settings_of
from orderflow.aftersales.api.common import (
    Since,
    Until,
    cursor_after_page,
    filtered,
    page_query,
    rules_as_problems,
    visible,
    with_etag,
)
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.aftersales.schemas.tickets import (
    TicketCreate,
    TicketPage,
    TicketPublic,
    TicketUpdatePublic,
)
from orderflow.contracts.aftersales import TicketStatus as Status
from orderflow.contracts.ids import uuid7
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    ProblemError,
    etag_for,
    idempotency_key_parameter,
    idempotent,
    problem_responses,
    require_scopes,
)

router = APIRouter(tags=["tickets"])
Reader = Annotated[Principal, require_scopes("aftersales:tickets:read")]
Writer = Annotated[Principal, require_scopes("aftersales:tickets:write")]
Specialist = Annotated[Principal, require_scopes("aftersales:tickets:handle")]
TRANSITION = problem_responses(404, 409, 412, 428)


async def public(session: AsyncSession, ticket: Ticket) -> TicketPublic:
    table = models.ticket_updates
    rows = await session.execute(
        select(table).where(table.c.ticket_id == ticket.id).order_by(table.c.id)
    )
    updates = [TicketUpdatePublic.model_validate(repository.aware(r)) for r in rows.mappings()]
    return TicketPublic.model_validate(ticket).model_copy(update={"updates": updates})


@router.post(
    "/tickets",
    status_code=201,
    response_model=TicketPublic,
    responses=problem_responses(400, 409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def open_ticket(
    body: TicketCreate,
    request: Request,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Writer,
) -> Response:
    """Feedback by phone, e-mail or online becomes a ticket with its deadlines (R-7.4)."""
    customer_id = str(body.customer_id) if body.customer_id else principal.customer_id
    if customer_id is None or not principal.may_see(customer_id=customer_id):
        raise ProblemError(422, "customer-required", "Customer required", "name your own customer")
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        order_id = str(body.order_id) if body.order_id else None
        with rules_as_problems():
            until = await tickets.warranty_until(
                session, customer_id, order_id, body.product_code, settings_of(state)
            )
        draft = Ticket(
            id=str(uuid7()),
            customer_id=customer_id,
            order_id=order_id,
            kind=body.kind.value,
            channel=body.channel.value,
            priority=body.priority.value,
            status=Status.OPEN.value,
            summary=body.summary,
            opened_at=now,
            first_response_due=now,
            resolution_due=now,
            warranty_until=until,
        )
        with rules_as_problems():
            ticket = await tickets.open_ticket(session, draft, actor=principal.subject, now=now)
        body_out = (await public(session, ticket)).model_dump(mode="json")
        return await slot.store(
            201,
            body_out,
            {"ETag": etag_for(ticket.version), "Location": f"/aftersales/v1/tickets/{ticket.id}"},
        )


@router.get("/tickets", response_model=TicketPage)
async def list_tickets(
    session: SessionDep,
    principal: Reader,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: str | None = None,
    kind: str | None = None,
    customer_id: str | None = None,
    priority: str | None = None,
    order_id: str | None = None,
    breached: bool | None = None,
    opened_since: Since = None,
    opened_until: Until = None,
) -> TicketPage:
    table = models.tickets
    equal = {
        "status": status,
        "kind": kind,
        "priority": priority,
        "customer_id": customer_id,
        "order_id": order_id,
    }
    query = filtered(select(table), table, equal, opened_since, opened_until)
    if breached is not None:
        either = table.c.first_response_breached | table.c.resolution_breached
        query = query.where(either if breached else ~either)
    found = list(
        (await session.execute(page_query(query, table, principal, cursor, limit))).mappings()
    )
    items = [await public(session, repository.from_row(Ticket, r)) for r in found[:limit]]
    return TicketPage(items=items, next_cursor=cursor_after_page(found, limit))


@router.get("/tickets/{ticket_id}", response_model=TicketPublic, responses=problem_responses(404))
async def get_ticket(
    ticket_id: str, session: SessionDep, principal: Reader, response: Response
) -> TicketPublic:
    ticket = await visible(session, Ticket, ticket_id, principal, "Ticket")
    with_etag(response, ticket)
    return await public(session, ticket)
