"""Can logistics deliver: place served, on time, within the cost ceiling (R-3.1, R-3.2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from orderflow.contracts import logistics
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Money, Reason, Verdict

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ServiceArea:
    """A carrier's service in one region by one mode, with its transit time and rates."""

    carrier_id: UUID
    country: str
    region: str
    mode: logistics.TransportMode
    transit_days: int
    currency: str
    rate_per_shipment: Decimal
    rate_per_kg: Decimal
    rate_per_m3: Decimal

    def cost(self, weight_kg: Decimal, volume_m3: Decimal) -> Decimal:
        """Freight: a fixed charge plus weight and volume rates, rounded to cents."""
        total = self.rate_per_shipment + weight_kg * self.rate_per_kg + volume_m3 * self.rate_per_m3
        return total.quantize(CENT)


@dataclass(frozen=True)
class CostCeiling:
    """The most a delivery may cost: an absolute cap and a share of the order total."""

    currency: str
    max_amount: Decimal
    max_share_of_order: Decimal

    def limit_for(self, order_total: Decimal) -> Decimal:
        return min(self.max_amount, (order_total * self.max_share_of_order).quantize(CENT))


@dataclass(frozen=True)
class Freight:
    """What the goods weigh and take up; estimated at review, measured when packed."""

    weight_kg: Decimal
    volume_m3: Decimal


@dataclass(frozen=True)
class Assessment:
    result: CheckResult
    candidate: logistics.CandidatePlan | None


def _reason(
    rule: str, message: str, expected: str | None = None, actual: str | None = None
) -> Reason:
    return Reason(
        department=Department.LOGISTICS,
        rule=rule,
        expected=expected,
        actual=actual,
        message=message,
    )


def assess(
    order: OrderSnapshot,
    areas: list[ServiceArea],
    ceiling: CostCeiling | None,
    freight: Freight,
    ready_on: date,
) -> Assessment:
    """The cheapest plan that arrives by the requested date within the ceiling, or why not."""
    place = order.delivery_place
    serving = [
        a
        for a in areas
        if a.country == place.country and a.region == place.region and a.currency == order.currency
    ]
    if not serving:
        where = f"{place.country}/{place.region}"
        reason = _reason("destination-not-served", f"no carrier serves {where}", actual=where)
        return Assessment(CheckResult(verdict=Verdict.FAIL, reasons=(reason,)), None)
    plans = sorted(
        (_plan(a, freight, ready_on, order.currency) for a in serving),
        key=lambda p: (p.cost.amount, p.eta),
    )
    on_time = [p for p in plans if p.eta <= order.requested_delivery_date]
    if not on_time:
        earliest = min(p.eta for p in plans)
        reason = _reason(
            "transit-too-long",
            "no service arrives by the requested delivery date",
            expected=order.requested_delivery_date.isoformat(),
            actual=earliest.isoformat(),
        )
        return Assessment(CheckResult(verdict=Verdict.FAIL, reasons=(reason,)), None)
    best = on_time[0]
    limit = ceiling.limit_for(order.total) if ceiling is not None else None
    if limit is not None and best.cost.amount > limit:
        reason = _reason(
            "cost-over-ceiling",
            "the cheapest on-time delivery costs more than the ceiling allows",
            expected=f"<= {limit} {order.currency}",
            actual=f"{best.cost.amount} {order.currency}",
        )
        return Assessment(CheckResult(verdict=Verdict.FAIL, reasons=(reason,)), best)
    special = order.special.special_delivery_place
    if special is not None:
        reason = _reason(
            "special-delivery-place",
            "a special delivery place needs a logistics planner to confirm",
            actual=special.instructions[:200],
        )
        return Assessment(CheckResult(verdict=Verdict.NEEDS_PERSON, reasons=(reason,)), best)
    return Assessment(CheckResult(verdict=Verdict.PASS), best)


def _plan(
    area: ServiceArea, freight: Freight, ready_on: date, currency: str
) -> logistics.CandidatePlan:
    return logistics.CandidatePlan(
        mode=area.mode,
        carrier_id=area.carrier_id,
        transit_days=area.transit_days,
        cost=Money(amount=area.cost(freight.weight_kg, freight.volume_m3), currency=currency),
        eta=ready_on + timedelta(days=area.transit_days),
    )


def estimated_freight(order: OrderSnapshot, kg_per_unit: Decimal, m3_per_unit: Decimal) -> Freight:
    """Before anything is packed, freight is estimated per unit ordered."""
    units = sum((line.quantity for line in order.lines), Decimal(0))
    return Freight(weight_kg=units * kg_per_unit, volume_m3=units * m3_per_unit)
