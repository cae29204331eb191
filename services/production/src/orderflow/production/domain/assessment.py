"""Production's answer to an assessment request: capacity and materials (R-3.1, R-3.2, R-6.2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import Department, Reason, Verdict
from orderflow.production.domain.catalog import Availability, Product, WorkCenter
from orderflow.production.domain.scheduling import Demand, Schedule, schedule


@dataclass(frozen=True)
class MaterialShort:
    item_code: str
    quantity_short: Decimal
    unit: str


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    reasons: tuple[Reason, ...] = ()
    schedule: Schedule | None = None
    materials_short: tuple[MaterialShort, ...] = ()

    @property
    def completion_date(self) -> date | None:
        return self.schedule.completion_date if self.schedule else None


def _reason(
    rule: str, message: str, expected: str | None = None, actual: str | None = None
) -> Reason:
    return Reason(
        department=Department.PRODUCTION,
        rule=rule,
        message=message,
        expected=expected,
        actual=actual,
    )


def demands_for(order: OrderSnapshot, products: Mapping[str, Product]) -> tuple[Demand, ...]:
    """Each line's routing, in order; a line's operations follow one another."""
    demands: list[Demand] = []
    for line in order.lines:
        previous: int | None = None
        for step in products[line.product_code].routing:
            number = len(demands) + 1
            hours = step.hours_per_unit * line.quantity
            demands.append(
                Demand(number, step.operation, step.work_center_id, hours, line.quantity, previous)
            )
            previous = number
    return tuple(demands)


def material_needs(
    order: OrderSnapshot, products: Mapping[str, Product]
) -> dict[str, tuple[Decimal, str]]:
    needs: dict[str, tuple[Decimal, str]] = {}
    for line in order.lines:
        for use in products[line.product_code].bill_of_materials:
            held, _ = needs.get(use.item_code, (Decimal(0), use.unit))
            needs[use.item_code] = (held + use.quantity_per_unit * line.quantity, use.unit)
    return needs


def check_materials(
    needs: Mapping[str, tuple[Decimal, str]],
    replica: Mapping[str, Availability],
    *,
    today: date,
    deadline: date,
) -> tuple[tuple[MaterialShort, ...], date]:
    """Short items, and the day all others are at hand (stock now, or bought within lead time)."""
    short: list[MaterialShort] = []
    ready = today
    for item, (quantity, unit) in sorted(needs.items()):
        known = replica.get(item)
        if known is not None and known.available >= quantity:
            continue
        arrival = (
            today + timedelta(days=min(known.supply_lead_days))
            if known and known.supply_lead_days
            else None
        )
        if arrival is not None and arrival <= deadline:
            ready = max(ready, arrival)
            continue
        missing = quantity - (known.available if known else Decimal(0))
        short.append(MaterialShort(item, missing, unit))
    return tuple(short), ready


def assess(
    order: OrderSnapshot,
    products: Mapping[str, Product],
    centers: Mapping[UUID, WorkCenter],
    replica: Mapping[str, Availability],
    load: Mapping[tuple[UUID, date], Decimal],
    *,
    today: date,
    person_approved: bool = False,
    deadline: date | None = None,
) -> Assessment:
    """Pass with the earliest completion, fail with every shortfall, or a person for custom work
    (unless a person of production already approved it); `deadline` overrides the requested
    date when an approved order must be scheduled even if late."""
    deadline = deadline or order.requested_delivery_date
    if order.special.custom_product is not None and not person_approved:
        message = "custom product: a production planner must assess routing and materials"
        return Assessment(Verdict.NEEDS_PERSON, (_reason("custom-product", message),))
    unknown = sorted({ln.product_code for ln in order.lines if ln.product_code not in products})
    if unknown:
        message = f"no routing or bill of materials for product(s): {', '.join(unknown)}"
        return Assessment(Verdict.FAIL, (_reason("product-unknown", message),))
    short, ready = check_materials(
        material_needs(order, products), replica, today=today, deadline=deadline
    )
    start = max(today + timedelta(days=1), ready)
    planned = schedule(demands_for(order, products), centers, load, start=start, deadline=deadline)
    reasons = [
        _reason(
            "capacity-short",
            f"work center {gap.work_center_id} is {gap.hours_short} hours short by {gap.day}",
            expected=f"{gap.hours_short} more free hours",
            actual="fully booked",
        )
        for gap in planned.shortfalls
    ] + [
        _reason(
            "material-short",
            f"{gap.item_code}: {gap.quantity_short} {gap.unit} short by {deadline}",
            expected=f"{gap.quantity_short} {gap.unit}",
            actual="not in stock nor deliverable in time",
        )
        for gap in short
    ]
    if reasons:
        return Assessment(Verdict.FAIL, tuple(reasons), planned, short)
    return Assessment(Verdict.PASS, (), planned, ())
