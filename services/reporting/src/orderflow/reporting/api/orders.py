"""The order file and its timeline (R-8.1), and the searchable order list (R-9.1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from orderflow.reporting import order_reads
from orderflow.reporting.schemas import (
    OrderFilePublic,
    OrderPage,
    OrderSummary,
    TimelineEntryPublic,
)
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    problem_responses,
    require_scopes,
    set_etag,
)
from orderflow.runtime.web.params import IsoDate

router = APIRouter(tags=["order files"])
READ = "reporting:orders:read"
MAX_PAGE = 100


async def _visible(session: SessionDep, order_id: str, principal: Principal) -> OrderSummary:
    """The order's summary; 404 when unknown or another customer's (never reveal it exists)."""
    found = await order_reads.order(session, order_id)
    if found is None or not principal.may_see(customer_id=found.customer_id):
        raise ProblemError(404, "order-not-found", "Order not found", f"no order file {order_id}")
    return found


@router.get("/orders", response_model=OrderPage, responses=problem_responses(401, 403, 422))
async def list_orders(
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(READ)],
    q: Annotated[
        str | None, Query(max_length=36, description="order or customer id prefix")
    ] = None,
    status: str | None = None,
    channel: str | None = None,
    customer_id: str | None = None,
    received_from: Annotated[
        IsoDate | None, Query(description="received on or after (UTC)")
    ] = None,
    received_to: Annotated[IsoDate | None, Query(description="received on or before (UTC)")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> OrderPage:
    """Archived orders, newest first; a customer token lists only its own."""
    if principal.kind in ("customer", "partner"):
        customer_id = principal.customer_id or "-"
    items = await order_reads.search(
        session,
        limit=limit + 1,
        cursor=cursor,
        text=q,
        status=status,
        channel=channel,
        customer_id=customer_id,
        received_from=_midnight(received_from),
        received_before=_day_after(received_to),
    )
    more = len(items) > limit
    return OrderPage(items=items[:limit], next_cursor=items[limit - 1].order_id if more else None)


def _day_after(day: date | None) -> datetime | None:
    """Midnight after `day` (nothing is received after the last day there is)."""
    return None if day is None or day == date.max else _midnight(day + timedelta(days=1))


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=UTC)


@router.get(
    "/orders/{order_id}/file",
    response_model=OrderFilePublic,
    responses=problem_responses(401, 403, 404),
)
async def order_file(
    order_id: str,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(READ)],
) -> OrderFilePublic:
    """Every archived record of every stage of one order, in time order (R-8.1)."""
    summary = await _visible(session, order_id, principal)
    set_etag(response, summary.events)
    return OrderFilePublic(order=summary, records=await order_reads.records(session, order_id))


@router.get(
    "/orders/{order_id}/timeline",
    response_model=list[TimelineEntryPublic],
    responses=problem_responses(401, 403, 404),
)
async def order_timeline(
    order_id: str,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(READ)],
) -> list[TimelineEntryPublic]:
    """Who did what, when, for one order — the timeline a supervisor reads (R-8.1, R-9.1)."""
    summary = await _visible(session, order_id, principal)
    set_etag(response, summary.events)
    return list(await order_reads.entries(session, order_id))
