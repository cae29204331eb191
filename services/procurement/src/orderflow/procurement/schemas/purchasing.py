"""Purchase orders, receipts, delays and requisitions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import Row

from orderflow.procurement.domain.purchasing import PurchaseOrderStatus
from orderflow.procurement.domain.requisitions import Requisition, RequisitionStatus
from orderflow.procurement.schemas import Input, Text


class ReceiptCreate(Input):
    """Goods delivered against a purchase order and the result of their quality check."""

    quantity_received: Decimal = Field(gt=0, allow_inf_nan=False)
    quality_passed: bool
    note: Text | None = None


class DelayCreate(Input):
    """The supplier reported that the goods will come later."""

    new_expected_on: date
    reason: Text


class ReceiptPublic(BaseModel):
    id: UUID
    purchase_order_id: UUID
    quantity_received: Decimal
    quantity_accepted: Decimal
    quality_passed: bool
    on_time: bool
    note: str | None
    received_by: str
    received_at: datetime
    # Set when the goods failed the check and were ordered again.
    reorder_purchase_order_id: UUID | None = None


class DelayPublic(BaseModel):
    id: UUID
    source: str
    expected_on: date
    new_expected_on: date | None
    reason: str | None
    raised_at: datetime
    resolved_at: datetime | None


class QualityIssuePublic(BaseModel):
    id: UUID
    receipt_id: UUID
    quantity_rejected: Decimal
    description: str
    reorder_purchase_order_id: UUID | None
    raised_at: datetime
    resolved_at: datetime | None


class PurchaseOrderPublic(BaseModel):
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
    total: Decimal
    promised_on: date
    expected_on: date
    status: PurchaseOrderStatus
    selection_rule: str
    reorder_of: UUID | None
    version: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: Row[Any]) -> PurchaseOrderPublic:
        data = dict(row._mapping)
        return cls(**data, total=row.quantity * row.unit_price)


class PurchaseOrderDetail(PurchaseOrderPublic):
    receipts: list[ReceiptPublic] = Field(default_factory=list)
    delays: list[DelayPublic] = Field(default_factory=list)
    quality_issues: list[QualityIssuePublic] = Field(default_factory=list)


class RequisitionLinePublic(BaseModel):
    item_code: str
    spec: str | None
    quantity: Decimal
    unit: str
    needed_by: date
    reserved_quantity: Decimal
    shortfall_quantity: Decimal


class RequisitionPublic(BaseModel):
    id: UUID
    order_id: UUID
    plan_id: UUID
    status: RequisitionStatus
    lines: list[RequisitionLinePublic]

    @classmethod
    def of(cls, requisition: Requisition) -> RequisitionPublic:
        return cls(
            id=requisition.id,
            order_id=requisition.order_id,
            plan_id=requisition.plan_id,
            status=requisition.status,
            lines=[
                RequisitionLinePublic(
                    item_code=line.item_code,
                    spec=line.spec,
                    quantity=line.quantity,
                    unit=line.unit,
                    needed_by=line.needed_by,
                    reserved_quantity=line.reserved_quantity,
                    shortfall_quantity=line.shortfall_quantity,
                )
                for line in requisition.lines
            ],
        )
