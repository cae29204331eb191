"""Receipts of purchase orders: stock, readiness, quality failures and re-orders (R-4.6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts.ids import uuid7
from orderflow.procurement.domain import purchasing, requisitions
from orderflow.procurement.domain import stock as stock_rules
from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.domain.purchasing import PurchaseOrder, ReceiptOutcome
from orderflow.procurement.domain.requisitions import RequisitionStatus
from orderflow.procurement.events import Emit
from orderflow.procurement.flows import availability
from orderflow.procurement.flows.purchasing import (
    OVERDUE_JOB,
    place_for_shortfall,
)
from orderflow.procurement.store import purchase_orders as po_store
from orderflow.procurement.store import requisitions as requisition_store
from orderflow.procurement.store import stock as stock_store
from orderflow.runtime import outbox, scheduler


@dataclass(frozen=True)
class Delivery:
    quantity_received: Decimal
    quality_passed: bool
    note: str | None
    received_by: str


async def record_receipt(
    session: AsyncSession, order: PurchaseOrder, delivery: Delivery, policy: Policy, emit: Emit
) -> tuple[UUID, ReceiptOutcome, PurchaseOrder | None]:
    """Book a delivery: the receipt id, the outcome and, on a quality failure, the re-order."""
    outcome = purchasing.receive(
        order,
        quantity_received=delivery.quantity_received,
        quality_passed=delivery.quality_passed,
        today=emit.now.date(),
    )
    receipt_id = uuid7()
    await po_store.save(session, outcome.order)
    await po_store.add_receipt(
        session,
        {
            "id": receipt_id,
            "purchase_order_id": order.id,
            "supplier_id": order.supplier_id,
            "quantity_received": delivery.quantity_received,
            "quantity_accepted": outcome.accepted,
            "quality_passed": delivery.quality_passed,
            "on_time": outcome.on_time,
            "note": delivery.note,
            "received_by": delivery.received_by,
            "received_at": emit.now,
        },
    )
    await outbox.add(
        session,
        emit.received(
            outcome.order,
            receipt_id,
            delivery.quantity_received,
            outcome.accepted,
            delivery.quality_passed,
        ),
    )
    if outcome.complete:
        await scheduler.cancel(session, OVERDUE_JOB, str(order.id), now=emit.now)
        for delay_id in await po_store.resolve_delays(session, order.id, now=emit.now):
            resolution = "goods received" if delivery.quality_passed else "replaced by a re-order"
            await outbox.add(session, emit.delay_resolved(outcome.order, delay_id, resolution))
    reorder = None
    if delivery.quality_passed:
        await _stock_and_reserve(session, outcome.order, outcome.accepted, emit)
        if outcome.complete and order.reorder_of is not None:
            await _close_quality_issues(session, order.reorder_of, outcome.order.id, emit)
    else:
        reorder = await _quality_failure(session, outcome, receipt_id, delivery, policy, emit)
    return receipt_id, outcome, reorder


async def _stock_and_reserve(
    session: AsyncSession, order: PurchaseOrder, accepted: Decimal, emit: Emit
) -> None:
    """Accepted goods go on hand and are reserved for the requisition they were bought for."""
    row = await stock_store.get(session, order.item_code, lock=True)
    if row is None:
        return
    stock = stock_rules.receive(stock_store.to_domain(row), accepted)
    if order.requisition_id is not None:
        req_row = await requisition_store.get(session, order.requisition_id, lock=True)
        if req_row is not None:
            requisition, taken = requisitions.allocate(
                requisition_store.to_domain(req_row), order.item_code, accepted
            )
            stock, _ = stock_rules.reserve(stock, taken)
            await requisition_store.save(session, requisition)
            if requisition.status is RequisitionStatus.FULFILLED and taken > 0:
                await outbox.add(session, emit.requisition_fulfilled(requisition))
    await stock_store.save(session, stock, now=emit.now)
    await availability.publish(session, [order.item_code], emit)


async def _quality_failure(
    session: AsyncSession,
    outcome: ReceiptOutcome,
    receipt_id: UUID,
    delivery: Delivery,
    policy: Policy,
    emit: Emit,
) -> PurchaseOrder | None:
    """Raise the quality issue and buy the rejected quantity again (R-4.6)."""
    order = outcome.order
    issue_id = uuid7()
    description = delivery.note or "received goods failed the quality check"
    # The issue is published before the re-order it causes, so consumers see the cause first.
    await outbox.add(
        session, emit.quality_issue(order, issue_id, receipt_id, outcome.rejected, description)
    )
    stock_row = await stock_store.get(session, order.item_code)
    reorder = None
    if stock_row is not None and outcome.reorder_quantity > 0:
        reorder = await place_for_shortfall(
            session,
            stock_store.to_domain(stock_row),
            outcome.reorder_quantity,
            needed_by=await _needed_by(session, order),
            order_id=order.order_id,
            requisition_id=order.requisition_id,
            rule=policy.rule,
            overdue_hour=policy.overdue_hour,
            emit=emit,
            reorder_of=order.id,
        )
    await po_store.add_quality_issue(
        session,
        {
            "id": issue_id,
            "purchase_order_id": order.id,
            "receipt_id": receipt_id,
            "quantity_rejected": outcome.rejected,
            "description": description,
            "reorder_purchase_order_id": reorder.id if reorder else None,
            "raised_at": emit.now,
        },
    )
    return reorder


async def _needed_by(session: AsyncSession, order: PurchaseOrder) -> date:
    if order.requisition_id is not None:
        row = await requisition_store.get(session, order.requisition_id)
        if row is not None:
            dates = [
                line.needed_by
                for line in requisition_store.to_domain(row).lines
                if line.item_code == order.item_code
            ]
            if dates:
                return min(dates)
    return order.expected_on


async def _close_quality_issues(
    session: AsyncSession, rejected_po: UUID, replacement: UUID, emit: Emit
) -> None:
    row = await po_store.get(session, rejected_po)
    if row is None:
        return
    for issue_id in await po_store.resolve_quality_issues(session, rejected_po, now=emit.now):
        await outbox.add(
            session, emit.quality_issue_resolved(po_store.to_domain(row), issue_id, replacement)
        )
