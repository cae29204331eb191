"""Which qualified supplier gets a purchase order: a documented, configurable rule (R-4.5).

Rules (setting `ORDERFLOW_PROCUREMENT_SUPPLIER_SELECTION_RULE`):
- `cheapest_in_time` (default): the lowest unit price among suppliers who deliver by the
  needed-by date; if none can, the one who delivers soonest.
- `cheapest`: the lowest unit price, whatever the lead time.
- `fastest`: the shortest lead time, whatever the price.
Only a qualified supplier whose categories include the item's category is ever a candidate;
a suspended one never is. Ties go to the shorter lead time, then the lower price, then the
supplier id, so the choice is repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID


class SupplierStatus(StrEnum):
    QUALIFIED = "qualified"
    SUSPENDED = "suspended"


class SelectionRule(StrEnum):
    CHEAPEST_IN_TIME = "cheapest_in_time"
    CHEAPEST = "cheapest"
    FASTEST = "fastest"


@dataclass(frozen=True)
class SupplyCandidate:
    """One supplier's offer for one item, with the supplier's standing."""

    supplier_id: UUID
    status: SupplierStatus
    categories: frozenset[str]
    item_code: str
    lead_time_days: int
    unit_price: Decimal
    currency: str

    def delivers_by(self, today: date) -> date:
        return today + timedelta(days=self.lead_time_days)

    def may_supply(self, category: str) -> bool:
        return self.status is SupplierStatus.QUALIFIED and category in self.categories


def eligible(candidates: list[SupplyCandidate], category: str) -> list[SupplyCandidate]:
    """The candidates allowed to supply an item of `category` (R-4.5)."""
    return [c for c in candidates if c.may_supply(category)]


def choose_supplier(
    candidates: list[SupplyCandidate],
    *,
    category: str,
    rule: SelectionRule,
    today: date,
    needed_by: date,
) -> SupplyCandidate | None:
    """The supplier `rule` picks among the eligible ones, or None if nobody may supply."""
    allowed = eligible(candidates, category)
    if not allowed:
        return None

    def by_speed(c: SupplyCandidate) -> tuple[int, Decimal, str]:
        return (c.lead_time_days, c.unit_price, str(c.supplier_id))

    def by_price(c: SupplyCandidate) -> tuple[Decimal, int, str]:
        return (c.unit_price, c.lead_time_days, str(c.supplier_id))

    if rule is SelectionRule.FASTEST:
        return min(allowed, key=by_speed)
    if rule is SelectionRule.CHEAPEST:
        return min(allowed, key=by_price)
    in_time = [c for c in allowed if c.delivers_by(today) <= needed_by]
    return min(in_time, key=by_price) if in_time else min(allowed, key=by_speed)
