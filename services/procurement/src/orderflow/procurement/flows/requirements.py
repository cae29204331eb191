"""A production plan's materials: reserve stock, buy the shortfall (R-4.4, R-4.5)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.contracts.production import PlanContent
from orderflow.procurement.domain import requisitions
from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.domain.requisitions import Requirement, RequisitionStatus
from orderflow.procurement.events import Emit
from orderflow.procurement.flows import availability
from orderflow.procurement.flows.purchasing import place_for_shortfall
from orderflow.procurement.store import requisitions as requisition_store
from orderflow.procurement.store import stock as stock_store
from orderflow.runtime import outbox


async def requisition_for_plan(
    session: AsyncSession, plan: PlanContent, order_id: UUID, policy: Policy, emit: Emit
) -> None:
    """Reserve the plan's materials from stock; order each shortfall from a qualified supplier."""
    if not plan.material_requirements or await requisition_store.of_plan(session, plan.plan_id):
        return  # nothing to procure, or this plan was already handled
    needs = [
        Requirement(m.item_code, m.spec, m.quantity, m.unit, m.needed_by)
        for m in plan.material_requirements
    ]
    locked = await stock_store.lock_many(session, [need.item_code for need in needs])
    requisition, stocks = requisitions.derive(
        uuid7(), order_id=order_id, plan_id=plan.plan_id, requirements=needs, stocks=locked
    )
    for code in locked:
        await stock_store.save(session, stocks[code], now=emit.now)
    await requisition_store.insert(session, requisition, now=emit.now)
    await outbox.add(session, emit.requisition_created(requisition))
    for line in requisition.lines:
        if line.shortfall_quantity > 0:
            # None: no qualified supplier offers it; the line stays short, visible in the API.
            await place_for_shortfall(
                session,
                stocks[line.item_code],
                line.shortfall_quantity,
                needed_by=line.needed_by,
                order_id=order_id,
                requisition_id=requisition.id,
                rule=policy.rule,
                overdue_hour=policy.overdue_hour,
                emit=emit,
            )
    if requisition.status is RequisitionStatus.FULFILLED:
        await outbox.add(session, emit.requisition_fulfilled(requisition))
    await availability.publish(session, locked, emit)
