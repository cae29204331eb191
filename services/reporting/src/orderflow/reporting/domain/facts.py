"""The pieces projections produce: facts for the daily aggregates, state changes, timeline rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

State = dict[str, dict[str, Any]]
"""Read-model state by key (`order:<id>`, `ticket:<id>`, `customer:<id>`, ...), JSON-ready."""

# Upper bounds (hours) of the stage-duration histogram; p50/p90 are read from it.
HOUR_BUCKETS = (1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 504, 720, 1440, 2160)
OVER = "over"


@dataclass(frozen=True)
class Fact:
    """One contribution to a daily aggregate: `total` is summed, `count` counted."""

    measure: str
    day: date
    dimension: str
    key: str
    total: Decimal
    count: int


@dataclass(frozen=True)
class TimelineEntry:
    order_id: str
    who: str | None
    what: str


@dataclass
class Effects:
    """What one event changes in the read models."""

    facts: list[Fact] = field(default_factory=list)
    changed: State = field(default_factory=dict)
    timeline: TimelineEntry | None = None

    def add(
        self,
        measure: str,
        day: date,
        total: Decimal | int | bool = 1,
        count: int = 1,
        **dimensions: str | None,
    ) -> None:
        """A fact for the whole company (`all`) and for each named dimension that has a key."""
        amount = Decimal(int(total)) if isinstance(total, bool) else Decimal(total)
        self.facts.append(Fact(measure, day, "all", "all", amount, count))
        for dimension, key in dimensions.items():
            if key is not None:
                self.facts.append(Fact(measure, day, dimension, key, amount, count))


def bucket(hours: Decimal) -> str:
    """The histogram bucket (its upper bound in hours) a duration falls into."""
    for bound in HOUR_BUCKETS:
        if hours <= bound:
            return str(bound)
    return OVER


def hours_between(start: str | None, end: datetime) -> Decimal | None:
    if start is None:
        return None
    seconds = (end - datetime.fromisoformat(start)).total_seconds()
    return (Decimal(seconds) / 3600).quantize(Decimal("0.001"))


def on_or_before(moment: datetime | date, limit: str | None) -> bool | None:
    """Whether `moment` is within `limit` (an ISO date or datetime); None if there is no limit."""
    if limit is None:
        return None
    if isinstance(moment, datetime) and "T" in limit:
        return moment <= datetime.fromisoformat(limit)
    day = moment.date() if isinstance(moment, datetime) else moment
    return day <= date.fromisoformat(limit[:10])
