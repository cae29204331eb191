"""Listing orders: filters (status, channel, customer, dates, flags) and cursor pages."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from sqlalchemy import select

from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.snapshot import Channel
from orderflow.intake import presenters
from orderflow.intake.api.deps import CipherDep
from orderflow.intake.models import orders
from orderflow.intake.schemas.orders import OrderPage
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, ProblemError, problem_responses, require_scopes
from orderflow.runtime.web.params import IsoDatetime

router = APIRouter(prefix="/v1", tags=["orders"])
MAX_PAGE = 100


@router.get("/orders", response_model=OrderPage, responses=problem_responses(400, 422))
async def list_orders(
    session: SessionDep,
    cipher: CipherDep,
    principal: Annotated[Principal, require_scopes("intake:orders:read")],
    status: Annotated[list[OrderStatus] | None, Query()] = None,
    channel: Annotated[list[Channel] | None, Query()] = None,
    customer_id: UUID | None = None,
    created_from: IsoDatetime | None = None,
    created_to: IsoDatetime | None = None,
    special: bool | None = None,
    urgent: bool | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> OrderPage:
    """Newest first; `next_cursor` continues after the last order of this page."""
    query = select(orders).order_by(orders.c.id.desc()).limit(limit + 1)
    if principal.kind == "customer":
        query = query.where(orders.c.customer_id == principal.customer_id)
    elif principal.kind == "partner":
        query = query.where(orders.c.partner_id == principal.partner_id)
    if status:
        query = query.where(orders.c.status.in_([s.value for s in status]))
    if channel:
        query = query.where(orders.c.channel.in_([c.value for c in channel]))
    if customer_id is not None:
        query = query.where(orders.c.customer_id == str(customer_id))
    if created_from is not None:
        query = query.where(orders.c.created_at >= created_from)
    if created_to is not None:
        query = query.where(orders.c.created_at < created_to)
    if special is not None:
        query = query.where(orders.c.special == special)
    if urgent is not None:
        query = query.where(orders.c.urgent == urgent)
    if cursor is not None:
        query = query.where(orders.c.id < _after(cursor))
    rows = (await session.execute(query)).mappings().all()
    page = rows[:limit]
    more = len(rows) > limit
    return OrderPage(
        items=[presenters.order_public(cipher, row) for row in page],
        next_cursor=page[-1]["id"] if more and page else None,
    )


def _after(cursor: str) -> str:
    try:
        return str(UUID(cursor))
    except ValueError:
        raise ProblemError(400, "invalid-cursor", "Invalid cursor", "use a next_cursor") from None
