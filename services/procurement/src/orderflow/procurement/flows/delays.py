"""Supplier delays: an expected date passing without goods, or a reported delay (R-4.6)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.contracts.procurement import DelaySource
from orderflow.procurement.domain import purchasing
from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.domain.purchasing import PurchaseOrder
from orderflow.procurement.events import Emit
from orderflow.procurement.flows.purchasing import (
    arm_overdue_check,
)
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.runtime import outbox


async def raise_delay(
    session: AsyncSession,
    before: PurchaseOrder,
    after: PurchaseOrder,
    source: DelaySource,
    reason: str | None,
    emit: Emit,
) -> UUID:
    """Record a delay and tell production and the order it is at risk (R-4.6)."""
    delay_id = uuid7()
    await po_store.add_delay(
        session,
        {
            "id": delay_id,
            "purchase_order_id": after.id,
            "source": str(source),
            "expected_on": before.expected_on,
            "new_expected_on": after.expected_on
            if after.expected_on != before.expected_on
            else None,
            "reason": reason,
            "raised_at": emit.now,
        },
    )
    await outbox.add(
        session, emit.delay_raised(after, delay_id, source, before.expected_on, reason)
    )
    return delay_id


async def report_delay(
    session: AsyncSession,
    order: PurchaseOrder,
    new_expected_on: date,
    reason: str,
    policy: Policy,
    emit: Emit,
) -> PurchaseOrder:
    """The supplier reported a later date: save it, raise the delay, re-arm the overdue check."""
    delayed = purchasing.report_delay(order, new_expected_on)
    await po_store.save(session, delayed)
    await raise_delay(session, order, delayed, DelaySource.SUPPLIER_REPORTED, reason, emit)
    await arm_overdue_check(session, delayed, hour=policy.overdue_hour, now=emit.now)
    return delayed


async def check_overdue(session: AsyncSession, po_id: UUID, emit: Emit) -> None:
    """The expected date passed: if nothing arrived, the purchase order is late (R-4.6)."""
    row = await po_store.get(session, po_id, lock=True)
    if row is None:
        return
    order = po_store.to_domain(row)
    if purchasing.is_overdue(order, emit.now.date()):
        await raise_delay(session, order, order, DelaySource.OVERDUE, None, emit)
