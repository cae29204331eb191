"""Products with their routing (hours per unit per work center) and bill of materials (R-3.1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.production import models
from orderflow.production.api.common import CATALOG_READ, CATALOG_WRITE
from orderflow.production.schemas import ProductCreate, ProductPublic, ProductUpdate, RoutingStepIn
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Principal,
    ProblemError,
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
centers, products = models.work_centers, models.products


def _product(row: Any) -> ProductPublic:
    return ProductPublic.model_validate(row._mapping)


def _json(body: ProductUpdate) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_unset=True)


@router.post(
    "/products",
    status_code=201,
    response_model=ProductPublic,
    responses=problem_responses(409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def create_product(
    body: ProductCreate,
    request: Request,
    session: SessionDep,
    now: NowDep,
    principal: Annotated[Principal, require_scopes(CATALOG_WRITE)],
) -> Response:
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        await _known_centers(session, body.routing)
        if await _product_row(session, body.code) is not None:
            raise ProblemError(
                409, "product-exists", "Product exists", f"product {body.code} exists"
            )
        await session.execute(
            products.insert().values(**body.model_dump(mode="json"), version=1, updated_at=now)
        )
        row = await _product_row(session, body.code)
        return await slot.store(201, _product(row).model_dump(mode="json"), {"ETag": etag_for(1)})


@router.get("/products/{code}", responses=problem_responses(404))
async def get_product(
    code: str,
    response: Response,
    session: SessionDep,
    _: Annotated[Principal, require_scopes(CATALOG_READ)],
) -> ProductPublic:
    row = await _product_row(session, code)
    if row is None:
        raise not_found("Product", code)
    set_etag(response, row.version)
    return _product(row)


@router.patch("/products/{code}", responses=problem_responses(404, 412, 428))
async def update_product(
    code: str,
    body: ProductUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    _: Annotated[Principal, require_scopes(CATALOG_WRITE)],
) -> ProductPublic:
    async with session.begin():
        row = await _product_row(session, code)
        if row is None:
            raise not_found("Product", code)
        check_if_match(request, row.version)
        if body.routing is not None:
            await _known_centers(session, body.routing)
        version = row.version + 1
        await session.execute(
            products.update()
            .where(products.c.code == code)
            .values(version=version, updated_at=now, **_json(body))
        )
        row = await _product_row(session, code)
    set_etag(response, row.version)
    return _product(row)


async def _product_row(session: AsyncSession, code: str) -> Any:
    return (await session.execute(select(products).where(products.c.code == code))).first()


async def _known_centers(session: AsyncSession, routing: Sequence[RoutingStepIn]) -> None:
    wanted = {step.work_center_id for step in routing}
    found = set(
        (await session.execute(select(centers.c.id).where(centers.c.id.in_(wanted)))).scalars()
    )
    if wanted - found:
        missing = ", ".join(sorted(str(w) for w in wanted - found))
        raise ProblemError(
            422, "unknown-work-center", "Unknown work center", f"no work center {missing}"
        )
