"""Requisitions: a plan's materials, what is reserved and what had to be bought (R-4.4)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Response

from orderflow.procurement.api.common import id_cursor
from orderflow.procurement.domain.requisitions import RequisitionStatus
from orderflow.procurement.schemas import Page
from orderflow.procurement.schemas.purchasing import RequisitionPublic
from orderflow.procurement.store import requisitions as requisition_store
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    next_cursor,
    not_found,
    problem_responses,
    require_staff,
    set_etag,
)

router = APIRouter(tags=["requisitions"])
Reader = Annotated[Principal, require_staff("procurement:purchase-orders:read")]


@router.get("/requisitions", response_model=Page[RequisitionPublic])
async def list_requisitions(
    session: SessionDep,
    _: Reader,
    status: RequisitionStatus | None = None,
    order_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[RequisitionPublic]:
    rows = await requisition_store.page(
        session, status=status, order_id=order_id, after=id_cursor(cursor), limit=limit
    )
    items = [RequisitionPublic.of(requisition_store.to_domain(row)) for row in rows]
    return Page(items=items, next_cursor=next_cursor([str(r.id) for r in rows], limit))


@router.get("/requisitions/{requisition_id}", responses=problem_responses(404))
async def get_requisition(
    requisition_id: UUID, response: Response, session: SessionDep, _: Reader
) -> RequisitionPublic:
    row = await requisition_store.get(session, requisition_id)
    if row is None:
        raise not_found("Requisition", requisition_id)
    set_etag(response, row.version)
    return RequisitionPublic.of(requisition_store.to_domain(row))
