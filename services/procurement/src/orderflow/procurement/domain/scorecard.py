"""A supplier's scorecard from its delivery history (R-4.5: the supplier rules use it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DeliveryRecord:
    on_time: bool
    quality_passed: bool


@dataclass(frozen=True)
class Scorecard:
    deliveries: int
    on_time: int
    quality_passed: int
    # None until the supplier has delivered at least once.
    on_time_rate: Decimal | None
    quality_pass_rate: Decimal | None


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def score(history: list[DeliveryRecord]) -> Scorecard:
    """On-time rate and quality pass rate over every receipt from the supplier."""
    on_time = sum(1 for record in history if record.on_time)
    passed = sum(1 for record in history if record.quality_passed)
    total = len(history)
    return Scorecard(total, on_time, passed, _rate(on_time, total), _rate(passed, total))
