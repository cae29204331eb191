"""The order's rounds with their checks and history (R-3.3, R-6.2, R-6.3)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from orderflow.contracts.types import RoundKind
from orderflow.review import models, repository
from orderflow.review.api.paging import seq_after
from orderflow.review.domain.round import Round, RoundStatus
from orderflow.review.schemas import RoundPage, RoundPublic
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    encode_cursor,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)
from orderflow.runtime.web.params import IsoDatetime

router = APIRouter(tags=["rounds"])
READ = "review:rounds:read"
table = models.rounds


@router.get("/rounds", response_model=RoundPage, responses=problem_responses(400, 401, 403))
async def list_rounds(
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(READ)],
    order_id: UUID | None = None,
    customer_id: UUID | None = None,
    status: RoundStatus | None = None,
    kind: RoundKind | None = None,
    opened_from: Annotated[IsoDatetime | None, Query()] = None,
    opened_to: Annotated[IsoDatetime | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> RoundPage:
    """Rounds oldest first; a customer sees only its own orders' rounds."""
    query = repository.rounds_query()
    if principal.kind in ("customer", "partner"):
        # Rounds know the customer only; a partner's orders are not told apart here.
        query = query.where(table.c.customer_id == (principal.customer_id or "-"))
    after = seq_after(cursor)
    filters = {
        table.c.order_id: order_id,
        table.c.customer_id: customer_id,
        table.c.status: status,
        table.c.kind: kind,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == str(value))
    if opened_from is not None:
        query = query.where(table.c.opened_at >= opened_from)
    if opened_to is not None:
        query = query.where(table.c.opened_at < opened_to)
    if after is not None:
        query = query.where(table.c.seq > after)
    rows = repository.rounds_from(
        (await session.execute(query.order_by(table.c.seq).limit(limit + 1))).all()
    )
    page = rows[:limit]
    return RoundPage(
        items=[RoundPublic.of(r) for _, r, _ in page],
        next_cursor=encode_cursor(str(page[-1][0])) if len(rows) > limit else None,
    )


@router.get(
    "/rounds/{round_id}", response_model=RoundPublic, responses=problem_responses(401, 403, 404)
)
async def get_round(
    round_id: UUID,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_scopes(READ)],
) -> RoundPublic:
    the_round, version = await visible_round(session, round_id, principal)
    set_etag(response, version)
    return RoundPublic.of(the_round)


async def visible_round(
    session: SessionDep, round_id: UUID, principal: Principal
) -> tuple[Round, int]:
    """The round if the caller may see it; 404 for another customer's, as for none."""
    found = await repository.get_round(session, round_id)
    if found is None or not principal.may_see(customer_id=str(found[0].customer_id)):
        raise not_found("Round", round_id)
    return found
