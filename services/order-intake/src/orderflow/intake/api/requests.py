"""Change and cancellation requests (R-6.1, R-6.3): validated here, assessed by review."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from orderflow.contracts.intake import ChangeKind
from orderflow.contracts.types import Text
from orderflow.intake import cancellations, changes, drafting, ordering, repository
from orderflow.intake.api.deps import visible_order
from orderflow.intake.schemas.orders import OrderContent
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import Principal, check_if_match, problem_responses, require_scopes

router = APIRouter(prefix="/v1", tags=["change and cancellation requests"])
GUARDED = problem_responses(404, 409, 412, 422, 428)


class ChangeRequestCreate(BaseModel):
    """What should change (spec/quantity, delivery time, delivery place, other) and why."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[ChangeKind] = Field(min_length=1)
    reason: Text
    proposed: OrderContent


class CancellationRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text


class RequestAccepted(BaseModel):
    request_id: UUID
    order_id: UUID
    status: str


@router.post(
    "/orders/{order_id}/change-requests",
    status_code=202,
    response_model=RequestAccepted,
    responses=GUARDED,
)
async def request_change(
    order_id: UUID,
    body: ChangeRequestCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:changes:write")],
) -> RequestAccepted:
    """Passed on for assessment; the order keeps its state until review decides (R-6.1)."""
    async with session.begin():
        row = await repository.get_order(session, order_id, lock=True)
        row = visible_order(principal, row, order_id)
        check_if_match(request, row["row_version"])
        current = ordering.snapshot_of(row)
        proposed = drafting.build_snapshot(
            body.proposed,
            current.customer_id,
            current.channel,
            version=current.version,
            revision=current.revision,
        )
        request_id = await changes.request_change(
            session,
            row,
            tuple(body.kinds),
            body.reason,
            proposed,
            actor=ordering.Actor(principal.subject),
            now=now,
        )
    return RequestAccepted(request_id=UUID(request_id), order_id=order_id, status="pending")


@router.post(
    "/orders/{order_id}/cancellation-requests",
    status_code=202,
    response_model=RequestAccepted,
    responses=GUARDED,
)
async def request_cancellation(
    order_id: UUID,
    body: CancellationRequestCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes("intake:cancellations:write")],
) -> RequestAccepted:
    """The order moves to cancelling; departments confirm what was incurred (R-6.3)."""
    async with session.begin():
        row = await repository.get_order(session, order_id, lock=True)
        row = visible_order(principal, row, order_id)
        check_if_match(request, row["row_version"])
        request_id = await cancellations.request_cancellation(
            session, row, body.reason, actor=ordering.Actor(principal.subject), now=now
        )
    return RequestAccepted(request_id=UUID(request_id), order_id=order_id, status="pending")
