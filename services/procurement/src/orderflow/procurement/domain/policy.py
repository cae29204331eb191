"""How procurement buys: the supplier rule and when an unreceived purchase order is late."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from orderflow.procurement.domain.selection import SelectionRule


@dataclass(frozen=True)
class Policy:
    rule: SelectionRule
    # Hour (UTC) of the day after the expected date at which an open purchase order is late.
    overdue_hour: int
    # Share (%) of an open purchase order's outstanding value a cancellation costs.
    cancellation_fee_percent: Decimal = Decimal(10)
