"""Purchase orders and what happened to them: receipts, delays, quality issues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.domain.purchasing import PurchaseOrder, PurchaseOrderStatus
from orderflow.procurement.models import (
    purchase_orders,
    quality_issues,
    receipts,
    supplier_delays,
)


def to_domain(row: Row[Any]) -> PurchaseOrder:
    return PurchaseOrder(
        row.id,
        row.supplier_id,
        row.order_id,
        row.requisition_id,
        row.item_code,
        row.unit,
        row.quantity,
        row.quantity_accepted,
        row.unit_price,
        row.currency,
        promised_on=row.promised_on,
        expected_on=row.expected_on,
        status=PurchaseOrderStatus(row.status),
        selection_rule=row.selection_rule,
        reorder_of=row.reorder_of,
    )


async def insert(session: AsyncSession, order: PurchaseOrder, *, now: datetime) -> None:
    values = asdict(order) | {"status": str(order.status), "version": 1, "created_at": now}
    await session.execute(purchase_orders.insert().values(**values))


async def get(session: AsyncSession, po_id: UUID, *, lock: bool = False) -> Row[Any] | None:
    query = select(purchase_orders).where(purchase_orders.c.id == po_id)
    return (await session.execute(query.with_for_update() if lock else query)).first()


async def save(session: AsyncSession, order: PurchaseOrder) -> None:
    """Write the tracked state back, bumping the version (the ETag)."""
    await session.execute(
        update(purchase_orders)
        .where(purchase_orders.c.id == order.id)
        .values(
            quantity_accepted=order.quantity_accepted,
            expected_on=order.expected_on,
            status=str(order.status),
            version=purchase_orders.c.version + 1,
        )
    )


async def open_of_order(session: AsyncSession, order_id: UUID) -> Sequence[Row[Any]]:
    """The order's purchase orders still awaiting goods, locked for this transaction."""
    query = (
        select(purchase_orders)
        .where(purchase_orders.c.order_id == order_id)
        .where(purchase_orders.c.status == str(PurchaseOrderStatus.OPEN))
        .order_by(purchase_orders.c.id)
        .with_for_update()
    )
    return (await session.execute(query)).all()


async def page(
    session: AsyncSession,
    *,
    status: str | None,
    supplier_id: UUID | None,
    order_id: UUID | None,
    after: str | None,
    limit: int,
) -> Sequence[Row[Any]]:
    query = select(purchase_orders).order_by(purchase_orders.c.id).limit(limit)
    for column, value in (
        (purchase_orders.c.status, status),
        (purchase_orders.c.supplier_id, supplier_id),
        (purchase_orders.c.order_id, order_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if after is not None:
        query = query.where(purchase_orders.c.id > UUID(after))
    return (await session.execute(query)).all()


async def add_receipt(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(receipts.insert().values(**values))


async def receipts_of(session: AsyncSession, po_id: UUID) -> Sequence[Row[Any]]:
    query = select(receipts).where(receipts.c.purchase_order_id == po_id)
    return (await session.execute(query.order_by(receipts.c.received_at, receipts.c.id))).all()


async def add_delay(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(supplier_delays.insert().values(**values))


async def delays_of(session: AsyncSession, po_id: UUID) -> Sequence[Row[Any]]:
    query = select(supplier_delays).where(supplier_delays.c.purchase_order_id == po_id)
    return (await session.execute(query.order_by(supplier_delays.c.raised_at))).all()


async def resolve_delays(session: AsyncSession, po_id: UUID, *, now: datetime) -> list[UUID]:
    """Mark the purchase order's open delays resolved; their ids."""
    open_ids = [row.id for row in await delays_of(session, po_id) if row.resolved_at is None]
    if open_ids:
        await session.execute(
            update(supplier_delays)
            .where(supplier_delays.c.id.in_(open_ids))
            .values(resolved_at=now)
        )
    return open_ids


async def add_quality_issue(session: AsyncSession, values: dict[str, Any]) -> None:
    await session.execute(quality_issues.insert().values(**values))


async def quality_issues_of(session: AsyncSession, po_id: UUID) -> Sequence[Row[Any]]:
    query = select(quality_issues).where(quality_issues.c.purchase_order_id == po_id)
    return (await session.execute(query.order_by(quality_issues.c.raised_at))).all()


async def resolve_quality_issues(
    session: AsyncSession, po_id: UUID, *, now: datetime
) -> list[UUID]:
    """Mark the issues of a purchase order resolved (its replacement arrived in good order)."""
    open_ids = [
        row.id for row in await quality_issues_of(session, po_id) if row.resolved_at is None
    ]
    if open_ids:
        await session.execute(
            update(quality_issues).where(quality_issues.c.id.in_(open_ids)).values(resolved_at=now)
        )
    return open_ids
