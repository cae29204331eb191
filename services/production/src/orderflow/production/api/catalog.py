"""Work centers: daily capacity, rate, lead person and calendar, through REST (R-3.1, R-4.2)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from orderflow.contracts.ids import uuid7
from orderflow.production import models
from orderflow.production.api.common import CATALOG_READ, CATALOG_WRITE, Limit
from orderflow.production.repository import floor
from orderflow.production.schemas import (
    Page,
    WorkCenterCreate,
    WorkCenterPublic,
    WorkCenterUpdate,
)
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    check_if_match,
    etag_for,
    idempotency_key_parameter,
    idempotent,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()
centers = models.work_centers


def _center(row: Any) -> WorkCenterPublic:
    return WorkCenterPublic.model_validate(row._mapping)


def _columns(body: WorkCenterCreate | WorkCenterUpdate) -> dict[str, Any]:
    """The given fields as column values: decimals stay decimals, calendar days as ISO text."""
    values = body.model_dump(exclude_unset=True)
    if values.get("non_working_days") is not None:
        values["non_working_days"] = [day.isoformat() for day in values["non_working_days"]]
    return values


@router.post(
    "/work-centers",
    status_code=201,
    response_model=WorkCenterPublic,
    responses=problem_responses(409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def create_work_center(
    body: WorkCenterCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes(CATALOG_WRITE)],
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        values = {**_columns(body), "id": uuid7(), "version": 1, "updated_at": now}
        values.setdefault("working_weekdays", body.working_weekdays)
        values.setdefault("non_working_days", [d.isoformat() for d in body.non_working_days])
        await session.execute(centers.insert().values(**values))
        row = await floor.one(session, centers, values["id"])
        public = _center(row)
        return await slot.store(
            201, public.model_dump(mode="json"), {"ETag": etag_for(row.version)}
        )


@router.get("/work-centers")
async def list_work_centers(
    session: SessionDep,
    _: Annotated[Principal, require_scopes(CATALOG_READ)],
    cursor: UUID | None = None,
    limit: Limit = 50,
    kind: str | None = None,
) -> Page[WorkCenterPublic]:
    conditions = [centers.c.kind == kind] if kind else []
    rows, following = await floor.page(session, centers, *conditions, cursor=cursor, limit=limit)
    return Page(items=[_center(r) for r in rows], next_cursor=str(following) if following else None)


@router.get("/work-centers/{center_id}", responses=problem_responses(404))
async def get_work_center(
    center_id: UUID,
    response: Response,
    session: SessionDep,
    _: Annotated[Principal, require_scopes(CATALOG_READ)],
) -> WorkCenterPublic:
    row = await floor.one(session, centers, center_id)
    if row is None:
        raise not_found("Work center", center_id)
    set_etag(response, row.version)
    return _center(row)


@router.patch("/work-centers/{center_id}", responses=problem_responses(404, 412, 428))
async def update_work_center(
    center_id: UUID,
    body: WorkCenterUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    _: Annotated[Principal, require_scopes(CATALOG_WRITE)],
) -> WorkCenterPublic:
    """Change capacity, rate, lead or calendar; holds already given keep their hours."""
    async with session.begin():
        row = await floor.one(session, centers, center_id, lock=True)
        if row is None:
            raise not_found("Work center", center_id)
        check_if_match(request, row.version)
        await floor.bump(session, centers, row, updated_at=now, **_columns(body))
        row = await floor.one(session, centers, center_id)
    set_etag(response, row.version)
    return _center(row)
