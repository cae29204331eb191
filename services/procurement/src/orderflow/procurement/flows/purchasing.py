"""Place a purchase order with the supplier the configured rule chooses (R-4.5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.procurement.domain import purchasing
from orderflow.procurement.domain.purchasing import PurchaseOrder
from orderflow.procurement.domain.selection import SelectionRule, choose_supplier
from orderflow.procurement.domain.stock import Stock
from orderflow.procurement.events import Emit
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.procurement.store import suppliers as supplier_store
from orderflow.runtime import outbox, scheduler

OVERDUE_JOB = "purchase_order.overdue"


def overdue_at(order: PurchaseOrder, hour: int) -> datetime:
    """The moment an unreceived purchase order counts as late: the day after it was expected."""
    return datetime.combine(order.expected_on + timedelta(days=1), time(hour), UTC)


async def arm_overdue_check(
    session: AsyncSession, order: PurchaseOrder, *, hour: int, now: datetime
) -> None:
    await scheduler.schedule(
        session,
        OVERDUE_JOB,
        str(order.id),
        overdue_at(order, hour),
        {"purchase_order_id": str(order.id)},
        now=now,
    )


async def place_for_shortfall(
    session: AsyncSession,
    stock: Stock,
    quantity: Decimal,
    *,
    needed_by: date,
    order_id: UUID | None,
    requisition_id: UUID | None,
    rule: SelectionRule,
    overdue_hour: int,
    emit: Emit,
    reorder_of: UUID | None = None,
) -> PurchaseOrder | None:
    """A purchase order for `quantity` of the item, or None if no qualified supplier offers it."""
    today = emit.now.date()
    offers = (await supplier_store.candidates(session, [stock.item_code]))[stock.item_code]
    chosen = choose_supplier(
        offers, category=stock.category, rule=rule, today=today, needed_by=needed_by
    )
    if chosen is None:
        return None
    order = purchasing.place(
        uuid7(),
        chosen,
        quantity=quantity,
        unit=stock.unit,
        today=today,
        order_id=order_id,
        requisition_id=requisition_id,
        rule=str(rule),
        reorder_of=reorder_of,
    )
    await po_store.insert(session, order, now=emit.now)
    await arm_overdue_check(session, order, hour=overdue_hour, now=emit.now)
    await outbox.add(session, emit.placed(order))
    return order
