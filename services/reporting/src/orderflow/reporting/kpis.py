"""The regulation's KPIs (R-9.3), defined once: the API docs, the dashboard and tests read this."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from orderflow.reporting.queries import Sum, Sums

Part = Literal["total", "count"]


@dataclass(frozen=True)
class Kpi:
    name: str
    title: str
    unit: Literal["rate", "score", "hours"]
    definition: str
    numerator: tuple[str, Part]
    denominator: tuple[str, Part]


KPIS: tuple[Kpi, ...] = (
    Kpi(
        "on_time_rate",
        "Order processing on-time rate",
        "rate",
        "Stages finished within their SLA ÷ stages finished, counted on the day each stage "
        "finished. Stages: each department's review check recorded by the review round's "
        "deadline (department and reviewer); production completed by the plan's completion "
        "date; each production task reported done by its planned end day (task owner); the "
        "order shipped by the latest planned dispatch day of its shipments; delivered by the "
        "customer's requested delivery date; each on-site visit completed by the end of its "
        "scheduled slot (technician).",
        ("on_time", "total"),
        ("on_time", "count"),
    ),
    Kpi(
        "accuracy_rate",
        "Order accuracy rate",
        "rate",
        "Delivered orders with no acceptance failure, no claim, no claim verified as the "
        "company's fault and no compensation ÷ delivered orders, counted on the delivery day "
        "(a later failure or claim takes the order back out of that day's accurate count).",
        ("accuracy", "total"),
        ("accuracy", "count"),
    ),
    Kpi(
        "customer_satisfaction",
        "Customer satisfaction",
        "score",
        "Mean rating (1 to 5) of the satisfaction surveys, service-ticket feedback and "
        "follow-up visits recorded in the period; per person: the ticket's specialist or "
        "the follow-up's assignee.",
        ("satisfaction", "total"),
        ("satisfaction", "count"),
    ),
    Kpi(
        "first_response_on_time_rate",
        "After-sales first response within SLA",
        "rate",
        "Service tickets whose first response came within its deadline ÷ tickets first "
        "responded to in the period; per person: the responder.",
        ("first_response", "total"),
        ("first_response", "count"),
    ),
    Kpi(
        "resolution_rate",
        "After-sales resolution rate",
        "rate",
        "Service tickets resolved (first resolution) in the period ÷ service tickets opened "
        "in the period.",
        ("tickets_resolved", "count"),
        ("tickets_opened", "count"),
    ),
    Kpi(
        "mean_resolution_hours",
        "After-sales mean resolution time",
        "hours",
        "Mean hours from a ticket's opening to its first resolution, over tickets resolved "
        "in the period; per person: the resolver.",
        ("tickets_resolved", "total"),
        ("tickets_resolved", "count"),
    ),
)

MEASURES = sorted({m for k in KPIS for m, _ in (k.numerator, k.denominator)})
DIMENSIONS = ("all", "department", "person")


def documentation() -> str:
    """The KPI definitions as Markdown, for the OpenAPI description."""
    return "\n".join(f"- **{k.name}** ({k.title}): {k.definition}" for k in KPIS)


def value(kpi: Kpi, data: dict[str, Sums], dimension: str, key: str) -> dict[str, object]:
    """The KPI for one (dimension, key): numerator, denominator and their ratio."""
    top = _part(data[kpi.numerator[0]].get((dimension, key)), kpi.numerator[1])
    bottom = _part(data[kpi.denominator[0]].get((dimension, key)), kpi.denominator[1])
    ratio = None if bottom == 0 else (top / bottom).quantize(Decimal("0.0001"), ROUND_HALF_EVEN)
    return {
        "value": None if ratio is None else float(ratio),
        "numerator": float(top),
        "denominator": float(bottom),
    }


def keys(kpi: Kpi, data: dict[str, Sums], dimension: str) -> list[str]:
    found = {
        k for m in (kpi.numerator[0], kpi.denominator[0]) for d, k in data[m] if d == dimension
    }
    return sorted(found)


def _part(found: Sum | None, part: Part) -> Decimal:
    if found is None:
        return Decimal(0)
    return found.total if part == "total" else Decimal(found.count)
