"""Procurement's answer to an assessment: what must be bought, from whom, by when (R-3.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from orderflow.procurement.domain.selection import SelectionRule, SupplyCandidate, choose_supplier


@dataclass(frozen=True)
class Shortfall:
    item_code: str
    quantity: Decimal
    unit: str
    # "" when procurement has never stocked the item (no supplier can be qualified for it).
    category: str


@dataclass(frozen=True)
class Purchase:
    item_code: str
    quantity: Decimal
    unit: str
    supplier_id: UUID
    lead_time_days: int
    available_by: date
    cost: Decimal
    currency: str


@dataclass(frozen=True)
class MaterialsAnswer:
    purchases: tuple[Purchase, ...]
    # Items nobody qualified can supply: the answer fails with them.
    unobtainable: tuple[Shortfall, ...]

    @property
    def earliest_available_date(self) -> date | None:
        dates = [purchase.available_by for purchase in self.purchases]
        return max(dates) if dates and not self.unobtainable else None


def assess(
    shortfalls: list[Shortfall],
    candidates: dict[str, list[SupplyCandidate]],
    *,
    rule: SelectionRule,
    today: date,
    needed_by: date,
) -> MaterialsAnswer:
    """For each short material, the supplier the rule would choose, its lead time and cost."""
    purchases: list[Purchase] = []
    unobtainable: list[Shortfall] = []
    for short in shortfalls:
        chosen = choose_supplier(
            candidates.get(short.item_code, []),
            category=short.category,
            rule=rule,
            today=today,
            needed_by=needed_by,
        )
        if chosen is None:
            unobtainable.append(short)
            continue
        purchases.append(
            Purchase(
                short.item_code,
                short.quantity,
                short.unit,
                chosen.supplier_id,
                chosen.lead_time_days,
                chosen.delivers_by(today),
                short.quantity * chosen.unit_price,
                chosen.currency,
            )
        )
    return MaterialsAnswer(tuple(purchases), tuple(unobtainable))
