"""Purchase orders and their tracking: receipts, supplier delays (R-4.5, R-4.6)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.api.common import (
    domain_refusals,
    emitter,
    id_cursor,
    json_with_etag,
    policy,
)
from orderflow.procurement.domain.purchasing import PurchaseOrderStatus
from orderflow.procurement.flows import delays, receipts
from orderflow.procurement.schemas import Page
from orderflow.procurement.schemas.purchasing import (
    DelayCreate,
    DelayPublic,
    PurchaseOrderDetail,
    PurchaseOrderPublic,
    QualityIssuePublic,
    ReceiptCreate,
    ReceiptPublic,
)
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.runtime.deps import NowDep, ServiceStateDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    check_if_match,
    idempotency_key_parameter,
    idempotent,
    next_cursor,
    not_found,
    problem_responses,
    require_staff,
    set_etag,
)

router = APIRouter(tags=["purchase-orders"])
Reader = Annotated[Principal, require_staff("procurement:purchase-orders:read")]
Tracker = Annotated[Principal, require_staff("procurement:purchase-orders:write")]
Receiver = Annotated[Principal, require_staff("procurement:receipts:write")]


@router.get("/purchase-orders", response_model=Page[PurchaseOrderPublic])
async def list_purchase_orders(
    session: SessionDep,
    _: Reader,
    status: PurchaseOrderStatus | None = None,
    supplier_id: UUID | None = None,
    order_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[PurchaseOrderPublic]:
    rows = await po_store.page(
        session,
        status=status,
        supplier_id=supplier_id,
        order_id=order_id,
        after=id_cursor(cursor),
        limit=limit,
    )
    items = [PurchaseOrderPublic.from_row(row) for row in rows]
    return Page(items=items, next_cursor=next_cursor([str(r.id) for r in rows], limit))


async def _row(session: AsyncSession, po_id: UUID, *, lock: bool = False) -> Row[Any]:
    row = await po_store.get(session, po_id, lock=lock)
    if row is None:
        raise not_found("Purchase order", po_id)
    return row


async def _detail(session: AsyncSession, po_id: UUID) -> PurchaseOrderDetail:
    row = await _row(session, po_id)
    issues = await po_store.quality_issues_of(session, po_id)
    reorders = {issue.receipt_id: issue.reorder_purchase_order_id for issue in issues}
    return PurchaseOrderDetail(
        **PurchaseOrderPublic.from_row(row).model_dump(),
        receipts=[
            ReceiptPublic(**dict(r._mapping), reorder_purchase_order_id=reorders.get(r.id))
            for r in await po_store.receipts_of(session, po_id)
        ],
        delays=[DelayPublic(**dict(d._mapping)) for d in await po_store.delays_of(session, po_id)],
        quality_issues=[QualityIssuePublic(**dict(i._mapping)) for i in issues],
    )


@router.get("/purchase-orders/{po_id}", responses=problem_responses(404))
async def get_purchase_order(
    po_id: UUID, response: Response, session: SessionDep, _: Reader
) -> PurchaseOrderDetail:
    detail = await _detail(session, po_id)
    set_etag(response, detail.version)
    return detail


@router.post(
    "/purchase-orders/{po_id}/receipts",
    status_code=201,
    responses=problem_responses(404, 409, 412, 422, 428),
    openapi_extra=idempotency_key_parameter(),
)
async def receive_goods(
    po_id: UUID,
    body: ReceiptCreate,
    request: Request,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Receiver,
) -> Response:
    """Book goods received and their quality check; a failure raises an issue and re-orders."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        row = await _row(session, po_id, lock=True)
        check_if_match(request, row.version)
        delivery = receipts.Delivery(
            body.quantity_received, body.quality_passed, body.note, principal.subject
        )
        with domain_refusals():
            receipt_id, _, _ = await receipts.record_receipt(
                session, po_store.to_domain(row), delivery, policy(state), emitter(now, principal)
            )
        detail = await _detail(session, po_id)
        receipt = next(r for r in detail.receipts if r.id == receipt_id)
        content, headers = json_with_etag(receipt, detail.version)
        return await slot.store(201, content, headers | {"Location": f"{request.url.path}"})


@router.post(
    "/purchase-orders/{po_id}/delays",
    status_code=201,
    responses=problem_responses(404, 409, 412, 422, 428),
    openapi_extra=idempotency_key_parameter(),
)
async def report_delay(
    po_id: UUID,
    body: DelayCreate,
    request: Request,
    session: SessionDep,
    state: ServiceStateDep,
    now: NowDep,
    principal: Tracker,
) -> Response:
    """The supplier reported a later date: the orders served are at risk (R-4.6)."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        row = await _row(session, po_id, lock=True)
        check_if_match(request, row.version)
        with domain_refusals():
            await delays.report_delay(
                session,
                po_store.to_domain(row),
                body.new_expected_on,
                body.reason,
                policy(state),
                emitter(now, principal),
            )
        detail = await _detail(session, po_id)
        content, headers = json_with_etag(detail.delays[-1], detail.version)
        return await slot.store(201, content, headers)
