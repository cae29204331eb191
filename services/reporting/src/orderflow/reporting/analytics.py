"""R-8.2 analytics from the daily aggregates: volume and revenue, behaviour, efficiency, trends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from orderflow.reporting.domain.facts import HOUR_BUCKETS, OVER
from orderflow.reporting.queries import Sum, Sums

Granularity = Literal["day", "week", "month"]
Row = dict[str, object]
STAGES = ("review", "production", "dispatch", "transit", "acceptance")


def money(amount: Decimal) -> str:
    return str(amount.quantize(Decimal("0.01")))


def bucket_start(day: date, granularity: Granularity) -> date:
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def trend(
    series: Mapping[str, Mapping[date, Sum]], granularity: Granularity
) -> dict[date, dict[str, Sum]]:
    """Daily sums of several measures regrouped per day, ISO week or month."""
    grouped: dict[date, dict[str, Sum]] = {}
    for measure, days in series.items():
        for day, found in days.items():
            slot = grouped.setdefault(bucket_start(day, granularity), {})
            before = slot.get(measure, Sum(Decimal(0), 0))
            slot[measure] = Sum(before.total + found.total, before.count + found.count)
    return dict(sorted(grouped.items()))


def volume_rows(series: Mapping[date, Sum], granularity: Granularity) -> list[Row]:
    grouped = trend({"orders": series}, granularity)
    return [
        {
            "period": day.isoformat(),
            "orders": s["orders"].count,
            "revenue": money(s["orders"].total),
        }
        for day, s in grouped.items()
    ]


def breakdown_rows(found: Sums, dimension: str) -> list[Row]:
    """Volume and revenue per key of one dimension, the largest revenue first."""
    rows = [
        {dimension: key, "orders": s.count, "revenue": money(s.total)}
        for (d, key), s in found.items()
        if d == dimension and s.count != 0
    ]
    return sorted(rows, key=lambda r: (-Decimal(str(r["revenue"])), str(r[dimension])))


def percentile(histogram: Mapping[str, int], share: float) -> int | None:
    """The upper bound (hours) of the bucket holding the given share of durations."""
    total = sum(histogram.values())
    if total == 0:
        return None
    seen = 0
    for bound in (*HOUR_BUCKETS, OVER):
        seen += histogram.get(str(bound), 0)
        if seen >= share * total:
            return bound if isinstance(bound, int) else None
    return None


def efficiency_rows(hours: Sums, histograms: Mapping[str, Sums]) -> list[Row]:
    rows: list[Row] = []
    for stage in STAGES:
        found = hours.get(("stage", stage))
        counts = {k: s.count for (d, k), s in histograms[stage].items() if d == "bucket"}
        mean = None if not found or not found.count else found.total / found.count
        rows.append(
            {
                "stage": stage,
                "orders": found.count if found else 0,
                "mean_hours": None if mean is None else str(mean.quantize(Decimal("0.01"))),
                "p50_hours_at_most": percentile(counts, 0.5),
                "p90_hours_at_most": percentile(counts, 0.9),
            }
        )
    return rows


def slowest_stage(rows: list[Row]) -> str | None:
    timed = [r for r in rows if r["mean_hours"] is not None]
    return str(max(timed, key=lambda r: Decimal(str(r["mean_hours"])))["stage"]) if timed else None


def aftersales_rows(
    series: Mapping[str, Mapping[date, Sum]], granularity: Granularity
) -> list[Row]:
    rows: list[Row] = []
    zero = Sum(Decimal(0), 0)
    for day, s in trend(series, granularity).items():
        resolved = s.get("tickets_resolved", zero)
        response = s.get("first_response", zero)
        rating = s.get("satisfaction", zero)
        rows.append(
            {
                "period": day.isoformat(),
                "tickets_opened": s.get("tickets_opened", zero).count,
                "tickets_resolved": resolved.count,
                "mean_resolution_hours": _ratio(resolved.total, resolved.count),
                "first_response_on_time_rate": _ratio(response.total, response.count),
                "claims_opened": s.get("claims_opened", zero).count,
                "satisfaction": _ratio(rating.total, rating.count),
            }
        )
    return rows


def _ratio(top: Decimal, bottom: int) -> str | None:
    return None if bottom == 0 else str((top / bottom).quantize(Decimal("0.0001")))
