"""Purchase orders and their tracking: receipts, delays, quality failures (R-4.5, R-4.6)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from orderflow.procurement.domain.errors import BusinessRuleError, IllegalTransitionError
from orderflow.procurement.domain.selection import SupplyCandidate


class PurchaseOrderStatus(StrEnum):
    OPEN = "open"
    RECEIVED = "received"
    # Goods failed the quality check; a re-order replaces this purchase order.
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PurchaseOrder:
    id: UUID
    supplier_id: UUID
    order_id: UUID | None
    requisition_id: UUID | None
    item_code: str
    unit: str
    quantity: Decimal
    quantity_accepted: Decimal
    unit_price: Decimal
    currency: str
    # What the supplier promised when ordered; on-time is measured against it.
    promised_on: date
    expected_on: date
    status: PurchaseOrderStatus
    selection_rule: str
    reorder_of: UUID | None = None

    @property
    def outstanding(self) -> Decimal:
        return max(self.quantity - self.quantity_accepted, Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.quantity * self.unit_price


def place(
    purchase_order_id: UUID,
    supplier: SupplyCandidate,
    *,
    quantity: Decimal,
    unit: str,
    today: date,
    order_id: UUID | None,
    requisition_id: UUID | None,
    rule: str,
    reorder_of: UUID | None = None,
) -> PurchaseOrder:
    """A purchase order with the chosen supplier, expected after its lead time (R-4.5)."""
    expected = supplier.delivers_by(today)
    return PurchaseOrder(
        purchase_order_id,
        supplier.supplier_id,
        order_id,
        requisition_id,
        supplier.item_code,
        unit,
        quantity,
        Decimal(0),
        supplier.unit_price,
        supplier.currency,
        promised_on=expected,
        expected_on=expected,
        status=PurchaseOrderStatus.OPEN,
        selection_rule=rule,
        reorder_of=reorder_of,
    )


@dataclass(frozen=True)
class ReceiptOutcome:
    order: PurchaseOrder
    accepted: Decimal
    rejected: Decimal
    on_time: bool
    # Quantity to buy again because the goods failed the quality check.
    reorder_quantity: Decimal

    @property
    def complete(self) -> bool:
        return self.order.status is not PurchaseOrderStatus.OPEN


def receive(
    order: PurchaseOrder, *, quantity_received: Decimal, quality_passed: bool, today: date
) -> ReceiptOutcome:
    """Record a delivery: accepted goods count; a failed check rejects the order (R-4.6)."""
    if order.status is not PurchaseOrderStatus.OPEN:
        raise IllegalTransitionError("receive goods", order.status)
    if quantity_received <= 0:
        raise BusinessRuleError("quantity-positive", "quantity_received must be more than zero")
    on_time = today <= order.promised_on
    if not quality_passed:
        rejected = replace(order, status=PurchaseOrderStatus.REJECTED)
        return ReceiptOutcome(rejected, Decimal(0), quantity_received, on_time, order.outstanding)
    accepted = order.quantity_accepted + quantity_received
    status = PurchaseOrderStatus.RECEIVED if accepted >= order.quantity else order.status
    updated = replace(order, quantity_accepted=accepted, status=status)
    return ReceiptOutcome(updated, quantity_received, Decimal(0), on_time, Decimal(0))


def report_delay(order: PurchaseOrder, new_expected_on: date) -> PurchaseOrder:
    """The supplier says the goods come later than expected (R-4.6)."""
    if order.status is not PurchaseOrderStatus.OPEN:
        raise IllegalTransitionError("report a delay", order.status)
    if new_expected_on <= order.expected_on:
        raise BusinessRuleError("delay-later-date", "the new date must be after the expected date")
    return replace(order, expected_on=new_expected_on)


def cancel(order: PurchaseOrder) -> PurchaseOrder:
    """The goods are no longer needed (R-6.3); only an open purchase order can be cancelled."""
    if order.status is not PurchaseOrderStatus.OPEN:
        raise IllegalTransitionError("cancel", order.status)
    return replace(order, status=PurchaseOrderStatus.CANCELLED)


def cancellation_fee(order: PurchaseOrder, fee_percent: Decimal) -> Decimal:
    """What the supplier charges to cancel an open purchase order (R-6.3): `fee_percent` of the
    value still outstanding (goods already accepted are in stock and charged to no order)."""
    if order.status is not PurchaseOrderStatus.OPEN:
        return Decimal(0)
    return (order.outstanding * order.unit_price * fee_percent / 100).quantize(Decimal("0.01"))


def is_overdue(order: PurchaseOrder, today: date) -> bool:
    """Still open after its expected date: the orders it serves are at risk (R-4.6)."""
    return order.status is PurchaseOrderStatus.OPEN and today > order.expected_on
