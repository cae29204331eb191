"""Carriers, their service areas and the delivery-cost ceiling, as data (R-3.2, R-4.7)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import insert, select, update

from orderflow.contracts.ids import uuid7
from orderflow.logistics import models
from orderflow.logistics.api.common import Cursor, Limit, page
from orderflow.logistics.schemas import (
    CarrierCreate,
    CarrierPublic,
    CarrierUpdate,
    CostCeilingPublic,
    CostCeilingPut,
    Page,
    ServiceAreaCreate,
    ServiceAreaPublic,
)
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
    check_if_match,
    idempotency_key_parameter,
    idempotent,
    not_found,
    problem_responses,
    require_scopes,
    set_etag,
)

router = APIRouter()
Reader = Annotated[Principal, require_scopes("logistics:carriers:read")]
Writer = Annotated[Principal, require_scopes("logistics:carriers:write")]
CREATES = idempotency_key_parameter()
CurrencyPath = Annotated[str, Path(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]


@router.post(
    "/carriers", status_code=201, responses=problem_responses(409, 422), openapi_extra=CREATES
)
async def create_carrier(
    body: CarrierCreate, request: Request, session: SessionDep, now: NowDep, principal: Writer
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        taken = await session.execute(
            select(models.carriers).where(models.carriers.c.code == body.code)
        )
        if taken.first() is not None:
            raise ProblemError(
                409, "carrier-exists", "Carrier exists", f"code {body.code} is taken"
            )
        values = {
            "carrier_id": str(uuid7()),
            "code": body.code,
            "name": body.name,
            "active": True,
            "version": 1,
        }
        await session.execute(insert(models.carriers).values(created_at=now, **values))
        public = CarrierPublic.model_validate(values)
        return await slot.store(201, public.model_dump(mode="json"), {"ETag": '"1"'})


@router.get("/carriers")
async def list_carriers(
    session: SessionDep, _: Reader, cursor: Cursor = None, limit: Limit = 50
) -> Page[CarrierPublic]:
    rows, following = await page(
        session, select(models.carriers), models.carriers.c.carrier_id, cursor, limit
    )
    return Page(items=[CarrierPublic.model_validate(r) for r in rows], next_cursor=following)


async def _carrier(session: SessionDep, carrier_id: UUID):  # type: ignore[no-untyped-def]
    query = select(models.carriers).where(models.carriers.c.carrier_id == str(carrier_id))
    row = (await session.execute(query)).first()
    if row is None:
        raise not_found("Carrier", carrier_id)
    return row


@router.get("/carriers/{carrier_id}")
async def get_carrier(
    carrier_id: UUID, response: Response, session: SessionDep, _: Reader
) -> CarrierPublic:
    row = await _carrier(session, carrier_id)
    set_etag(response, row.version)
    return CarrierPublic.model_validate(row)


@router.patch("/carriers/{carrier_id}", responses=problem_responses(404, 412, 428))
async def update_carrier(
    carrier_id: UUID,
    body: CarrierUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    _: Writer,
) -> CarrierPublic:
    async with session.begin():
        row = await _carrier(session, carrier_id)
        check_if_match(request, row.version)
        changes = body.model_dump(exclude_none=True)
        await session.execute(
            update(models.carriers)
            .where(models.carriers.c.carrier_id == str(carrier_id))
            .values(version=row.version + 1, **changes)
        )
        row = await _carrier(session, carrier_id)
    set_etag(response, row.version)
    return CarrierPublic.model_validate(row)


@router.post("/carriers/{carrier_id}/service-areas", status_code=201, openapi_extra=CREATES)
async def add_service_area(
    carrier_id: UUID,
    body: ServiceAreaCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        await _carrier(session, carrier_id)
        values = {
            "area_id": str(uuid7()),
            "carrier_id": str(carrier_id),
            "version": 1,
            **body.model_dump(),
        }
        await session.execute(insert(models.service_areas).values(created_at=now, **values))
        public = ServiceAreaPublic.model_validate(values)
        return await slot.store(201, public.model_dump(mode="json"))


@router.get("/carriers/{carrier_id}/service-areas")
async def list_service_areas(
    carrier_id: UUID, session: SessionDep, _: Reader, cursor: Cursor = None, limit: Limit = 50
) -> Page[ServiceAreaPublic]:
    a = models.service_areas
    query = select(a).where(a.c.carrier_id == str(carrier_id))
    rows, following = await page(session, query, a.c.area_id, cursor, limit)
    return Page(items=[ServiceAreaPublic.model_validate(r) for r in rows], next_cursor=following)


@router.put("/cost-ceilings/{currency}", responses=problem_responses(412, 428))
async def put_cost_ceiling(
    currency: CurrencyPath,
    body: CostCeilingPut,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    _: Writer,
) -> CostCeilingPublic:
    """Set the ceiling for one currency; replacing an existing one needs its ETag."""
    c = models.cost_ceilings
    async with session.begin():
        row = (await session.execute(select(c).where(c.c.currency == currency))).first()
        values = {**body.model_dump(), "updated_at": now}
        if row is None:
            await session.execute(insert(c).values(currency=currency, version=1, **values))
        else:
            check_if_match(request, row.version)
            await session.execute(
                update(c).where(c.c.currency == currency).values(version=row.version + 1, **values)
            )
        row = (await session.execute(select(c).where(c.c.currency == currency))).one()
    set_etag(response, row.version)
    return CostCeilingPublic.model_validate(row)


@router.get("/cost-ceilings/{currency}")
async def get_cost_ceiling(
    currency: CurrencyPath, response: Response, session: SessionDep, _: Reader
) -> CostCeilingPublic:
    c = models.cost_ceilings
    row = (await session.execute(select(c).where(c.c.currency == currency))).first()
    if row is None:
        raise not_found("Cost ceiling", currency)
    set_etag(response, row.version)
    return CostCeilingPublic.model_validate(row)
