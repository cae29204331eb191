"""Changing a supplier: its offers, suspension and requalification (R-4.5)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.api.common import emitter
from orderflow.procurement.api.suppliers import Writer, supplier_or_404, supplier_public
from orderflow.procurement.domain.selection import SupplierStatus
from orderflow.procurement.flows import availability
from orderflow.procurement.schemas.suppliers import (
    OfferTerms,
    QualificationUpdate,
    SupplierPublic,
    SuspensionCreate,
)
from orderflow.procurement.store import stock as stock_store
from orderflow.procurement.store import suppliers as supplier_store
from orderflow.runtime import outbox
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    ProblemError,
    check_if_match,
    not_found,
    problem_responses,
    set_etag,
)

router = APIRouter(tags=["suppliers"])


async def _changed(session: AsyncSession, supplier_id: UUID, response: Response) -> SupplierPublic:
    row = await supplier_or_404(session, supplier_id)
    set_etag(response, row.version)
    return await supplier_public(session, row)


@router.put(
    "/suppliers/{supplier_id}/offers/{item_code}", responses=problem_responses(404, 412, 422, 428)
)
async def put_offer(
    supplier_id: UUID,
    item_code: str,
    body: OfferTerms,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> SupplierPublic:
    """Set the supplier's lead time and price for a material; production's replica follows."""
    async with session.begin():
        row = await supplier_or_404(session, supplier_id, lock=True)
        check_if_match(request, row.version)
        if await stock_store.get(session, item_code) is None:
            raise not_found("Item", item_code)
        await supplier_store.put_offer(
            session, body.model_dump() | {"supplier_id": supplier_id, "item_code": item_code}
        )
        await supplier_store.update_row(session, row, updated_at=now)
        await availability.publish(session, [item_code], emitter(now, principal))
        return await _changed(session, supplier_id, response)


@router.post("/suppliers/{supplier_id}/suspension", responses=problem_responses(404, 409, 412, 428))
async def suspendsupplier_or_404(
    supplier_id: UUID,
    body: SuspensionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> SupplierPublic:
    """Suspend a supplier: it is never chosen again until requalified (R-4.5)."""
    async with session.begin():
        row = await supplier_or_404(session, supplier_id, lock=True)
        check_if_match(request, row.version)
        if row.status == SupplierStatus.SUSPENDED:
            raise ProblemError(
                409, "illegal-transition", "Supplier already suspended", current_status=row.status
            )
        await supplier_store.update_row(
            session,
            row,
            status=str(SupplierStatus.SUSPENDED),
            suspension_reason=body.reason,
            updated_at=now,
        )
        emit = emitter(now, principal)
        await outbox.add(session, emit.supplier_suspended(supplier_id, body.reason))
        offers = await supplier_store.offers(session, supplier_id)
        await availability.publish(session, [o.item_code for o in offers], emit)
        return await _changed(session, supplier_id, response)


@router.post("/suppliers/{supplier_id}/qualification", responses=problem_responses(404, 412, 428))
async def requalifysupplier_or_404(
    supplier_id: UUID,
    body: QualificationUpdate,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> SupplierPublic:
    """Qualify the supplier for these categories (lifting any suspension) (R-4.5)."""
    async with session.begin():
        row = await supplier_or_404(session, supplier_id, lock=True)
        check_if_match(request, row.version)
        categories = sorted(set(body.categories))
        await supplier_store.update_row(
            session,
            row,
            status=str(SupplierStatus.QUALIFIED),
            categories=categories,
            suspension_reason=None,
            updated_at=now,
        )
        emit = emitter(now, principal)
        await outbox.add(session, emit.supplier_qualified(supplier_id, categories))
        offers = await supplier_store.offers(session, supplier_id)
        await availability.publish(session, [o.item_code for o in offers], emit)
        return await _changed(session, supplier_id, response)
