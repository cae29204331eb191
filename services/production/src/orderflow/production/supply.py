"""What procurement tells production about its plans' materials: ready, or at risk (R-4.6)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.production.repository import floor


async def materials_ready(session: AsyncSession, plan_id: UUID) -> None:
    """Every material is reserved: the first operations may start."""
    plan = await floor.one(session, floor.plans, plan_id, lock=True)
    if plan is not None and not plan.materials_ready:
        await floor.bump(session, floor.plans, plan, materials_ready=True)


async def delay_changed(
    session: AsyncSession, order_ids: Iterable[UUID], delay_id: UUID, *, open_: bool
) -> None:
    """Record a supplier delay as open (the plan is at risk) or resolved, per affected order."""
    query = select(floor.plans).where(floor.plans.c.order_id.in_(sorted(set(order_ids))))
    for plan in (await session.execute(query.with_for_update())).all():
        delays = {str(d) for d in plan.open_supply_delays}
        now_open = delays | {str(delay_id)} if open_ else delays - {str(delay_id)}
        if now_open != delays:
            await floor.bump(session, floor.plans, plan, open_supply_delays=sorted(now_open))
