"""An order's production stopped: release its reservations, cancel its open purchases (R-6.3).

Goods already received stay in stock, available to other orders, so they cost the order
nothing; an open purchase order's cancellation costs the configured fee (`cancellation_fee`),
published as the cancelled purchase order's `cost_incurred`.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.domain import purchasing, requisitions
from orderflow.procurement.domain import stock as stock_rules
from orderflow.procurement.domain.requisitions import RequisitionStatus
from orderflow.procurement.events import Emit
from orderflow.procurement.flows import availability
from orderflow.procurement.flows.purchasing import OVERDUE_JOB
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.procurement.store import requisitions as requisition_store
from orderflow.procurement.store import stock as stock_store
from orderflow.runtime import outbox, scheduler


async def stop_order(
    session: AsyncSession, order_id: UUID, reason: str, emit: Emit, *, fee_percent: Decimal
) -> None:
    """Release every reservation and cancel every open purchase order of the order."""
    # Locks in the order receipts take them: purchase order, stock, requisition.
    for row in await po_store.open_of_order(session, order_id):
        fee = purchasing.cancellation_fee(po_store.to_domain(row), fee_percent)
        order = purchasing.cancel(po_store.to_domain(row))
        await po_store.save(session, order)
        await scheduler.cancel(session, OVERDUE_JOB, str(order.id), now=emit.now)
        await outbox.add(session, emit.cancelled(order, reason, fee))
    touched: set[str] = set()
    for row in await requisition_store.of_order(session, order_id):
        if row.status == RequisitionStatus.CANCELLED:
            continue
        requisition, released = requisitions.cancel(requisition_store.to_domain(row))
        stocks = await stock_store.lock_many(session, released)
        for code, stock in stocks.items():
            await stock_store.save(
                session, stock_rules.release(stock, released[code]), now=emit.now
            )
        touched |= set(stocks)
        await requisition_store.save(session, requisition)
        await outbox.add(session, emit.requisition_cancelled(requisition))
    await availability.publish(session, touched, emit)
