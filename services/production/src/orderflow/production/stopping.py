"""Releasing held capacity, and stopping work on a cancelled order at its cost (R-6.3)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, production
from orderflow.contracts.types import Money, WorkState
from orderflow.production.domain.shop_floor import CANCELLED, OPEN, StopCost, stop_cost
from orderflow.production.repository import catalog, floor, holds
from orderflow.runtime import outbox, scheduler

HOLD_EXPIRY = "capacity_hold.expiry"
NOTHING = StopCost(WorkState.NOT_STARTED, Decimal(0), Decimal(0), Decimal(0))


async def release(session: AsyncSession, hold_id: UUID, *, now: datetime) -> bool:
    """Free a tentative hold's hours (rejection, withdrawal, expiry); False if not held."""
    row = await floor.one(session, holds.holds, hold_id)
    if row is None or row.status != holds.HELD:
        return False
    await holds.set_status(session, hold_id, holds.RELEASED)
    await scheduler.cancel(session, HOLD_EXPIRY, str(hold_id), now=now)
    return True


async def cost_so_far(session: AsyncSession, order_id: UUID) -> StopCost:
    """Hours worked × each work center's rate, plus materials consumed, for the order's plan."""
    plan = await floor.plan_for_order(session, order_id)
    if plan is None:
        return NOTHING
    tasks = [floor.task_of(row) for row in await floor.tasks_of(session, plan.id)]
    centers = await catalog.work_centers(session, {t.work_center_id for t in tasks})
    rates = {wc: c.hourly_rate for wc, c in centers.items()}
    return stop_cost(
        tasks, rates, Decimal(plan.materials_cost), completed=plan.status == "completed"
    )


async def stop(
    session: AsyncSession,
    cause: Envelope[EventPayload],
    order_id: UUID,
    *,
    reason: str,
    currency: str,
    now: datetime,
) -> None:
    """Stop the order's work: open tasks cancelled, every hour it still holds released."""
    cost = await cost_so_far(session, order_id)
    plan = await floor.plan_for_order(session, order_id, lock=True)
    for row in await holds.active_for_order(session, order_id, with_rework=True):
        await holds.set_status(session, row.id, holds.RELEASED)
        await scheduler.cancel(session, HOLD_EXPIRY, str(row.id), now=now)
    if plan is not None and plan.status == "in_progress":
        for row in await floor.tasks_of(session, plan.id):
            if row.status == OPEN:
                await floor.bump(session, floor.tasks, row, status=CANCELLED)
        await floor.bump(session, floor.plans, plan, status="stopped")
    stopped = production.ProductionStopped(
        plan_id=plan.id if plan is not None else None,
        work_state=cost.work_state,
        hours_worked=cost.hours_worked,
        cost_incurred=Money(amount=cost.total, currency=currency),
        reason=reason,
    )
    await outbox.add(session, Envelope.new(stopped, order_id=order_id, causation=cause))
