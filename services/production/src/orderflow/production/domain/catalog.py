"""Work centers with a calendar, and products with routings and bills of materials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from orderflow.contracts.production import WorkCenterKind


@dataclass(frozen=True)
class WorkCenter:
    """A workshop, line or team: hours it can work per working day, at what rate (R-4.2)."""

    id: UUID
    kind: WorkCenterKind
    hours_per_day: Decimal
    hourly_rate: Decimal
    lead_person_id: str
    working_weekdays: frozenset[int] = frozenset(range(5))
    non_working_days: frozenset[date] = frozenset()

    def works_on(self, day: date) -> bool:
        return day.weekday() in self.working_weekdays and day not in self.non_working_days


@dataclass(frozen=True)
class RoutingStep:
    """One operation of a product: which work center, how many hours per unit."""

    operation: str
    work_center_id: UUID
    hours_per_unit: Decimal


@dataclass(frozen=True)
class MaterialUse:
    """One bill-of-materials line: how much of an item one unit takes, at a standard cost."""

    item_code: str
    quantity_per_unit: Decimal
    unit: str
    unit_cost: Decimal = Decimal(0)


@dataclass(frozen=True)
class Product:
    code: str
    routing: tuple[RoutingStep, ...]
    quality_standard: str
    bill_of_materials: tuple[MaterialUse, ...] = ()

    def materials_cost(self, quantity: Decimal) -> Decimal:
        return sum(
            (m.quantity_per_unit * m.unit_cost * quantity for m in self.bill_of_materials),
            Decimal(0),
        )


@dataclass(frozen=True)
class Availability:
    """Procurement's word on an item: free stock, and how fast suppliers can deliver more."""

    item_code: str
    unit: str
    available: Decimal
    supply_lead_days: tuple[int, ...] = ()
