"""Suppliers: qualification, suspension, offers per material, scorecard (R-4.5)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.procurement.api.common import emitter, id_cursor, json_with_etag
from orderflow.procurement.domain import scorecard
from orderflow.procurement.domain.selection import SupplierStatus
from orderflow.procurement.flows import availability
from orderflow.procurement.schemas import Page
from orderflow.procurement.schemas.suppliers import (
    OfferCreate,
    ScorecardPublic,
    SupplierCreate,
    SupplierPublic,
)
from orderflow.procurement.store import stock as stock_store
from orderflow.procurement.store import suppliers as supplier_store
from orderflow.runtime import outbox
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    ProblemError,
    idempotency_key_parameter,
    idempotent,
    next_cursor,
    not_found,
    problem_responses,
    require_staff,
    set_etag,
)

router = APIRouter(tags=["suppliers"])
Reader = Annotated[Principal, require_staff("procurement:suppliers:read")]
Writer = Annotated[Principal, require_staff("procurement:suppliers:write")]


async def supplier_public(session: AsyncSession, row: Row[Any]) -> SupplierPublic:
    return SupplierPublic.from_rows(row, list(await supplier_store.offers(session, row.id)))


async def require_items(session: AsyncSession, offers: list[OfferCreate]) -> None:
    codes = [offer.item_code for offer in offers]
    if len(codes) != len(set(codes)):
        raise ProblemError(422, "duplicate-offer", "Duplicate offer", "one offer per item")
    for code in codes:
        if await stock_store.get(session, code) is None:
            raise ProblemError(422, "unknown-item", "Unknown item", f"set up item {code} first")


@router.post(
    "/suppliers",
    status_code=201,
    responses=problem_responses(409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def qualifysupplier_or_404(
    body: SupplierCreate, request: Request, session: SessionDep, now: NowDep, principal: Writer
) -> Response:
    """Register a supplier, qualified for material categories, with its offers (R-4.5)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        await require_items(session, body.offers)
        supplier_id = uuid7()
        categories = sorted(set(body.categories))
        await supplier_store.insert(
            session,
            {
                "id": supplier_id,
                "name": body.name,
                "status": str(SupplierStatus.QUALIFIED),
                "categories": categories,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            },
        )
        for offer in body.offers:
            await supplier_store.put_offer(
                session, offer.model_dump() | {"supplier_id": supplier_id}
            )
        emit = emitter(now, principal)
        await outbox.add(session, emit.supplier_qualified(supplier_id, categories))
        await availability.publish(session, [o.item_code for o in body.offers], emit)
        row = await supplier_store.get(session, supplier_id)
        assert row is not None
        body_bytes, headers = json_with_etag(await supplier_public(session, row), row.version)
        return await slot.store(201, body_bytes, headers)


@router.get("/suppliers", response_model=Page[SupplierPublic])
async def list_suppliers(
    session: SessionDep,
    _: Reader,
    status: SupplierStatus | None = None,
    category: str | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[SupplierPublic]:
    rows = await supplier_store.page(
        session, status=status, category=category, after=id_cursor(cursor), limit=limit
    )
    items = [await supplier_public(session, row) for row in rows]
    return Page(items=items, next_cursor=next_cursor([str(r.id) for r in rows], limit))


async def supplier_or_404(
    session: AsyncSession, supplier_id: UUID, *, lock: bool = False
) -> Row[Any]:
    row = await supplier_store.get(session, supplier_id, lock=lock)
    if row is None:
        raise not_found("Supplier", supplier_id)
    return row


@router.get("/suppliers/{supplier_id}", responses=problem_responses(404))
async def getsupplier_or_404(
    supplier_id: UUID, response: Response, session: SessionDep, _: Reader
) -> SupplierPublic:
    row = await supplier_or_404(session, supplier_id)
    set_etag(response, row.version)
    return await supplier_public(session, row)


@router.get("/suppliers/{supplier_id}/scorecard", responses=problem_responses(404))
async def get_scorecard(supplier_id: UUID, session: SessionDep, _: Reader) -> ScorecardPublic:
    """On-time and quality pass rates over every delivery received from the supplier."""
    await supplier_or_404(session, supplier_id)
    card = scorecard.score(await supplier_store.history(session, supplier_id))
    return ScorecardPublic.of(supplier_id, card)
