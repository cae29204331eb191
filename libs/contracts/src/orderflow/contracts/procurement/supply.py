"""Procurement's supply side: assessment answers, requisitions, availability, suppliers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import AssessmentAnswer, ProcurementEvent
from orderflow.contracts.types import (
    Code,
    ContractModel,
    Money,
    NonNegativeQuantity,
    Quantity,
    Text,
)


class PurchaseNeed(ContractModel):
    """A material that must be bought for the order, from whom, by when, at what cost."""

    item_code: Code
    quantity: Quantity
    unit: Code
    supplier_id: UUID
    lead_time_days: int = Field(ge=0)
    available_by: date
    cost: Money


class MaterialsAssessmentAnswered(ProcurementEvent, AssessmentAnswer):
    """Procurement assessed what must be bought, by when and at what cost (R-3.1, R-4.4, R-6.2)."""

    event_type = "materials_assessment.answered"
    purchases_needed: tuple[PurchaseNeed, ...] = ()
    earliest_available_date: date | None = None


class RequisitionLine(ContractModel):
    item_code: Code
    spec: Text | None = None
    quantity: Quantity
    unit: Code
    needed_by: date
    reserved_quantity: NonNegativeQuantity
    shortfall_quantity: NonNegativeQuantity


class RequisitionCreated(ProcurementEvent):
    """The plan's material requirements were reserved from stock, shortfalls listed (R-4.4)."""

    event_type = "requisition.created"
    requisition_id: UUID
    plan_id: UUID
    lines: tuple[RequisitionLine, ...] = Field(min_length=1)


class RequisitionFulfilled(ProcurementEvent):
    """Every material of the requisition is in stock and reserved: production may go (R-4.6)."""

    event_type = "requisition.fulfilled"
    requisition_id: UUID
    plan_id: UUID


class RequisitionCancelled(ProcurementEvent):
    """Reservations were released for a cancelled order; cost incurred recorded (R-6.3)."""

    event_type = "requisition.cancelled"
    requisition_id: UUID
    plan_id: UUID
    cost_incurred: Money | None = None


class SupplyOption(ContractModel):
    """What one qualified supplier can deliver of an item, and how fast."""

    supplier_id: UUID
    lead_time_days: int = Field(ge=0)
    unit_price: Money
    minimum_quantity: NonNegativeQuantity | None = None


class ItemAvailabilityChanged(ProcurementEvent):
    """An item's stock or supply options changed; production's replica (R-3.1, R-4.4)."""

    event_type = "item_availability.changed"
    subject_kind = "item"
    item_code: Code
    unit: Code
    on_hand: NonNegativeQuantity
    reserved: NonNegativeQuantity
    available: NonNegativeQuantity
    supply_options: tuple[SupplyOption, ...] = ()


class SupplierQualified(ProcurementEvent):
    """A supplier was qualified for material categories (R-4.5). Keyed `supplier:<id>`."""

    event_type = "supplier.qualified"
    subject_kind = "supplier"
    supplier_id: UUID
    categories: tuple[Code, ...] = Field(min_length=1)


class SupplierSuspended(ProcurementEvent):
    """A supplier was suspended and will not be chosen (R-4.5). Keyed `supplier:<id>`."""

    event_type = "supplier.suspended"
    subject_kind = "supplier"
    supplier_id: UUID
    reason: Text
