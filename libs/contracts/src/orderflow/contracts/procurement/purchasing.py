"""Procurement's purchase orders and their tracking: delays, quality issues, receipts.

Keyed `supplier:<id>` so one supplier's purchase-order events stay in order; `order_ids`
names the orders a purchase serves (R-8.1).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import ProcurementEvent
from orderflow.contracts.types import (
    Code,
    ContractModel,
    CurrencyCode,
    Money,
    NonNegativeAmount,
    NonNegativeQuantity,
    Quantity,
    Text,
)


class PurchaseOrderEvent(ProcurementEvent):
    """An event about one purchase order with one supplier."""

    subject_kind = "supplier"
    purchase_order_id: UUID
    supplier_id: UUID
    order_ids: tuple[UUID, ...] = ()


class PurchaseLine(ContractModel):
    item_code: Code
    quantity: Quantity
    unit: Code
    unit_price: NonNegativeAmount


class PurchaseOrderPlaced(PurchaseOrderEvent):
    """A purchase order was placed with a supplier chosen by a stated rule (R-4.5, R-4.6)."""

    event_type = "purchase_order.placed"
    currency: CurrencyCode
    lines: tuple[PurchaseLine, ...] = Field(min_length=1)
    total: NonNegativeAmount
    expected_on: date
    requisition_ids: tuple[UUID, ...] = ()
    selection_rule: Code
    # Set when this order replaces goods that failed a quality check.
    reorder_of: UUID | None = None


class PurchaseOrderCancelled(PurchaseOrderEvent):
    """A purchase order was cancelled, with the cost the supplier still charges (R-6.3)."""

    event_type = "purchase_order.cancelled"
    reason: Text
    cost_incurred: Money | None = None


class DelaySource(StrEnum):
    OVERDUE = "overdue"
    SUPPLIER_REPORTED = "supplier_reported"


class SupplierDelayRaised(PurchaseOrderEvent):
    """A purchase order is late or will be; the orders it serves are at risk (R-4.6)."""

    event_type = "supplier_delay.raised"
    delay_id: UUID
    source: DelaySource
    expected_on: date
    new_expected_on: date | None = None
    # What the supplier gave as the cause, when it reported the delay itself.
    reason: Text | None = None


class SupplierDelayResolved(PurchaseOrderEvent):
    """A supplier delay was resolved (R-4.6)."""

    event_type = "supplier_delay.resolved"
    delay_id: UUID
    resolution: Text


class QualityIssueRaised(PurchaseOrderEvent):
    """Received goods failed the quality check; a re-order may follow (R-4.6)."""

    event_type = "quality_issue.raised"
    issue_id: UUID
    receipt_id: UUID
    item_code: Code
    quantity_rejected: Quantity
    description: Text


class QualityIssueResolved(PurchaseOrderEvent):
    """A supplier quality issue was resolved, e.g. by a replacement delivery (R-4.6)."""

    event_type = "quality_issue.resolved"
    issue_id: UUID
    resolution: Text
    reorder_purchase_order_id: UUID | None = None


class ReceiptLine(ContractModel):
    item_code: Code
    unit: Code
    quantity_received: Quantity
    quantity_accepted: NonNegativeQuantity


class GoodsReceived(PurchaseOrderEvent):
    """Goods of a purchase order were received and quality-checked (R-4.6)."""

    event_type = "goods.received"
    receipt_id: UUID
    lines: tuple[ReceiptLine, ...] = Field(min_length=1)
    quality_passed: bool
    purchase_order_complete: bool
