"""Material requirements of a production plan: reserve stock, list shortfalls (R-4.4)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from orderflow.procurement.domain import stock as stock_rules
from orderflow.procurement.domain.stock import Stock


class RequisitionStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Requirement:
    """One material the plan needs, as production states it."""

    item_code: str
    spec: str | None
    quantity: Decimal
    unit: str
    needed_by: date


@dataclass(frozen=True)
class RequisitionLine:
    item_code: str
    spec: str | None
    quantity: Decimal
    unit: str
    needed_by: date
    reserved_quantity: Decimal
    # What stock could not cover when the plan arrived: what procurement had to buy.
    shortfall_quantity: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.quantity - self.reserved_quantity


@dataclass(frozen=True)
class Requisition:
    id: UUID
    order_id: UUID
    plan_id: UUID
    status: RequisitionStatus
    lines: tuple[RequisitionLine, ...]

    @property
    def fully_reserved(self) -> bool:
        return all(line.outstanding <= 0 for line in self.lines)


def unknown_stock(requirement: Requirement) -> Stock:
    """An item procurement has never stocked: nothing on hand, no category, so no supplier."""
    zero = Decimal(0)
    return Stock(requirement.item_code, requirement.unit, "", zero, zero)


def derive(
    requisition_id: UUID,
    *,
    order_id: UUID,
    plan_id: UUID,
    requirements: list[Requirement],
    stocks: dict[str, Stock],
) -> tuple[Requisition, dict[str, Stock]]:
    """Reserve each requirement from stock; the rest is the line's shortfall (R-4.4)."""
    stocks = dict(stocks)
    lines = []
    for need in requirements:
        current = stocks.get(need.item_code) or unknown_stock(need)
        stocks[need.item_code], taken = stock_rules.reserve(current, need.quantity)
        lines.append(
            RequisitionLine(
                need.item_code,
                need.spec,
                need.quantity,
                need.unit,
                need.needed_by,
                reserved_quantity=taken,
                shortfall_quantity=need.quantity - taken,
            )
        )
    requisition = Requisition(
        requisition_id, order_id, plan_id, RequisitionStatus.OPEN, tuple(lines)
    )
    if requisition.fully_reserved:
        requisition = replace(requisition, status=RequisitionStatus.FULFILLED)
    return requisition, stocks


def allocate(
    requisition: Requisition, item_code: str, quantity: Decimal
) -> tuple[Requisition, Decimal]:
    """Reserve received goods for the requisition's open lines of the item; how much it took."""
    if requisition.status is not RequisitionStatus.OPEN:
        return requisition, Decimal(0)
    left = quantity
    lines = []
    for line in requisition.lines:
        take = min(left, line.outstanding) if line.item_code == item_code else Decimal(0)
        take = max(take, Decimal(0))
        left -= take
        lines.append(replace(line, reserved_quantity=line.reserved_quantity + take))
    updated = replace(requisition, lines=tuple(lines))
    if updated.fully_reserved:
        updated = replace(updated, status=RequisitionStatus.FULFILLED)
    return updated, quantity - left


def cancel(requisition: Requisition) -> tuple[Requisition, dict[str, Decimal]]:
    """The order was stopped: the requisition ends and its reservations go back (R-6.3)."""
    if requisition.status is RequisitionStatus.CANCELLED:
        return requisition, {}
    released: dict[str, Decimal] = {}
    for line in requisition.lines:
        released[line.item_code] = released.get(line.item_code, Decimal(0)) + line.reserved_quantity
    return replace(requisition, status=RequisitionStatus.CANCELLED), released
