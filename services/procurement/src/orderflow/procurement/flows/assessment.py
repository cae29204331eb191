"""Answer an assessment with what must be bought for production's shortfalls (R-3.1, R-4.4).

Production holds the bills of materials, so procurement answers after production: for each
material production found short in stock, the supplier the configured rule would choose,
its lead time and the cost. No qualified supplier for an item fails the answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import procurement as contract
from orderflow.contracts.production import ProductionAssessmentAnswered
from orderflow.contracts.types import (
    CheckResult,
    Department,
    Impact,
    Money,
    Reason,
    RoundKind,
    Verdict,
    WorkState,
)
from orderflow.procurement.domain import assessment, purchasing
from orderflow.procurement.domain.assessment import MaterialsAnswer, Shortfall
from orderflow.procurement.domain.selection import SelectionRule
from orderflow.procurement.events import Emit
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.procurement.store import stock as stock_store
from orderflow.procurement.store import suppliers as supplier_store
from orderflow.runtime import outbox


def _result(answer: MaterialsAnswer) -> CheckResult:
    if not answer.unobtainable:
        return CheckResult(verdict=Verdict.PASS)
    reasons = tuple(
        Reason(
            department=Department.PROCUREMENT,
            rule="no-qualified-supplier",
            expected=f"{short.quantity} {short.unit} of {short.item_code}",
            actual="no qualified supplier offers it",
            message=f"{short.item_code} cannot be bought: no qualified supplier offers it",
        )
        for short in answer.unobtainable
    )
    return CheckResult(verdict=Verdict.FAIL, reasons=reasons)


async def answer_production(
    session: AsyncSession,
    production: ProductionAssessmentAnswered,
    order_id: UUID,
    rule: SelectionRule,
    emit: Emit,
    *,
    fee_percent: Decimal,
) -> None:
    """Publish materials_assessment.answered for the round production just answered; a
    cancellation round's answer carries what cancelling the open purchase orders costs."""
    shortfalls = []
    for short in production.material_shortfalls:
        row = await stock_store.get(session, short.item_code)
        category = row.category if row is not None else ""
        shortfalls.append(Shortfall(short.item_code, short.quantity_short, short.unit, category))
    offers = await supplier_store.candidates(session, [s.item_code for s in shortfalls])
    needed_by = production.earliest_completion_date or date.max
    answer = assessment.assess(
        shortfalls, offers, rule=rule, today=emit.now.date(), needed_by=needed_by
    )
    payload = contract.MaterialsAssessmentAnswered(
        round_id=production.round_id,
        round_kind=production.round_kind,
        order_version=production.order_version,
        result=_result(answer),
        purchases_needed=tuple(
            contract.PurchaseNeed(
                item_code=p.item_code,
                quantity=p.quantity,
                unit=p.unit,
                supplier_id=p.supplier_id,
                lead_time_days=p.lead_time_days,
                available_by=p.available_by,
                cost=Money(amount=p.cost, currency=p.currency),
            )
            for p in answer.purchases
        ),
        earliest_available_date=answer.earliest_available_date,
        impact=await _cancellation_impact(session, order_id, fee_percent)
        if production.round_kind is RoundKind.CANCELLATION
        else None,
    )
    await outbox.add(session, emit.new(payload, order_id=order_id))


async def _cancellation_impact(
    session: AsyncSession, order_id: UUID, fee_percent: Decimal
) -> Impact:
    """Open purchase orders bought for the order: the supplier's cancellation fee (R-6.3)."""
    orders = [po_store.to_domain(row) for row in await po_store.open_of_order(session, order_id)]
    if not orders:
        return Impact(work_state=WorkState.NOT_STARTED, work_done="no open purchase orders")
    fee = sum((purchasing.cancellation_fee(o, fee_percent) for o in orders), Decimal(0))
    return Impact(
        work_state=WorkState.PARTLY_DONE,
        cost_incurred=Money(amount=fee, currency=orders[0].currency),
        work_done=f"{len(orders)} open purchase order(s); cancellation fee {fee_percent}%",
    )
