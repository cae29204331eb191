"""A production plan from an approved order and its held schedule (R-4.1, R-4.2, R-4.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from orderflow.contracts import production
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.production.domain.assessment import material_needs
from orderflow.production.domain.catalog import Product, WorkCenter
from orderflow.production.domain.scheduling import ScheduledOperation


@dataclass(frozen=True)
class HeldOperation:
    """One operation as a passing assessment scheduled and held it."""

    operation_no: int
    operation: str
    work_center_id: UUID
    hours: Decimal
    quantity: Decimal
    start_on: date
    end_on: date

    @classmethod
    def of(cls, op: ScheduledOperation) -> HeldOperation:
        d = op.demand
        return cls(
            d.operation_no,
            d.operation,
            d.work_center_id,
            d.hours,
            d.quantity,
            op.start_on,
            op.end_on,
        )


@dataclass(frozen=True)
class PlanDraft:
    quality_standard: str
    quantity: Decimal
    materials_cost: Decimal
    planned_completion_date: date
    operations: tuple[production.PlannedOperation, ...]
    material_requirements: tuple[production.MaterialRequirement, ...]


def days_late(planned_completion: date, requested: date) -> int:
    """How many days the planned completion falls after the requested date (0 when on time)."""
    return max((planned_completion - requested).days, 0)


def quality_standard(order: OrderSnapshot, products: Mapping[str, Product]) -> str:
    codes = sorted({line.product_code for line in order.lines})
    return "; ".join(f"{code}: {products[code].quality_standard}" for code in codes)


def draft(
    order: OrderSnapshot,
    products: Mapping[str, Product],
    centers: Mapping[UUID, WorkCenter],
    held: Sequence[HeldOperation],
) -> PlanDraft:
    """Operations per work center, the quality standard and what materials are needed by when."""
    operations = tuple(
        production.PlannedOperation(
            operation_no=op.operation_no,
            operation=op.operation,
            work_center_id=op.work_center_id,
            work_center_kind=centers[op.work_center_id].kind,
            start_on=op.start_on,
            end_on=op.end_on,
            hours=op.hours,
        )
        for op in held
    )
    needed_by = min(op.start_on for op in held)
    requirements = tuple(
        production.MaterialRequirement(item_code=item, quantity=qty, unit=unit, needed_by=needed_by)
        for item, (qty, unit) in sorted(material_needs(order, products).items())
    )
    return PlanDraft(
        quality_standard=quality_standard(order, products),
        quantity=sum((line.quantity for line in order.lines), Decimal(0)),
        materials_cost=sum(
            (products[ln.product_code].materials_cost(ln.quantity) for ln in order.lines),
            Decimal(0),
        ),
        planned_completion_date=max(op.end_on for op in held),
        operations=operations,
        material_requirements=requirements,
    )
