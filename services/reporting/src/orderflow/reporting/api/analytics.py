"""R-8.2 analytics, each as JSON or CSV (`?format=csv`), from the daily aggregates only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from orderflow.reporting import analytics, queries
from orderflow.reporting.analytics import Granularity, Row
from orderflow.reporting.api.common import Format, PeriodDep, csv_response, staff_only
from orderflow.reporting.models import MILLI
from orderflow.reporting.queries import Period
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, problem_responses, require_scopes

router = APIRouter(prefix="/analytics", tags=["analytics"])
READ = "reporting:analytics:read"
Staff = Annotated[Principal, require_scopes(READ)]
Breakdown = Literal["channel", "product", "customer", "region"]
AFTERSALES_MEASURES = (
    "tickets_opened",
    "tickets_resolved",
    "first_response",
    "claims_opened",
    "satisfaction",
)
# JSON by default, CSV with `?format=csv`; and the problems.
ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
    **problem_responses(401, 403, 422),
}


def _answer(name: str, period: Period, rows: list[Row], fmt: Format, **extra: Any) -> Any:
    if fmt == "csv":
        return csv_response(rows, f"{name}_{period.start}_{period.end}")
    return {"period_from": period.start, "period_to": period.end, **extra, "rows": rows}


@router.get("/volume", responses=ERRORS)
async def volume(
    session: SessionDep,
    period: PeriodDep,
    principal: Staff,
    granularity: Granularity = "day",
    format: Format = "json",
) -> Any:
    """Order volume and revenue per day, ISO week or month (orders counted on receipt)."""
    staff_only(principal)
    series = await queries.daily(session, "orders", period)
    return _answer("volume", period, analytics.volume_rows(series, granularity), format)


@router.get("/volume/by/{dimension}", responses=ERRORS)
async def volume_by(
    dimension: Breakdown,
    session: SessionDep,
    period: PeriodDep,
    principal: Staff,
    format: Format = "json",
) -> Any:
    """Volume and revenue by channel, product (order lines), customer or region."""
    staff_only(principal)
    measure = "product_sales" if dimension == "product" else "orders"
    found = await queries.sums(session, measure, period, (dimension,))
    return _answer(
        f"volume_by_{dimension}", period, analytics.breakdown_rows(found, dimension), format
    )


@router.get("/customers", responses=ERRORS)
async def customers(
    session: SessionDep,
    period: PeriodDep,
    principal: Staff,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    format: Format = "json",
) -> Any:
    """Recency (days since last order, as of `to`), frequency, monetary value; repeat rate."""
    staff_only(principal)
    top, buyers, repeat = await queries.customer_values(session, limit)
    rows: list[Row] = [_rfm(r, period.end) for r in top]
    rate = None if buyers == 0 else round(repeat / buyers, 4)
    return _answer(
        "customers",
        period,
        rows,
        format,
        customers=buyers,
        repeat_customers=repeat,
        repeat_purchase_rate=rate,
    )


def _rfm(row: dict[str, Any], as_of: date) -> Row:
    return {
        "customer_id": row["customer_id"],
        "recency_days": (as_of - row["last_order_on"]).days,
        "frequency": row["orders"],
        "monetary": analytics.money(Decimal(row["revenue_milli"]) / MILLI),
        "first_order_on": row["first_order_on"].isoformat(),
        "last_order_on": row["last_order_on"].isoformat(),
    }


@router.get("/efficiency", responses=ERRORS)
async def efficiency(
    session: SessionDep, period: PeriodDep, principal: Staff, format: Format = "json"
) -> Any:
    """Stage durations (mean, p50, p90 as histogram bounds) and the slowest stage."""
    staff_only(principal)
    hours = await queries.sums(session, "stage_hours", period, ("stage",))
    histograms = {
        s: await queries.sums(session, f"stage_hist.{s}", period, ("bucket",))
        for s in analytics.STAGES
    }
    rows = analytics.efficiency_rows(hours, histograms)
    return _answer("efficiency", period, rows, format, slowest_stage=analytics.slowest_stage(rows))


@router.get("/aftersales", responses=ERRORS)
async def aftersales(
    session: SessionDep,
    period: PeriodDep,
    principal: Staff,
    granularity: Granularity = "week",
    format: Format = "json",
) -> Any:
    """After-sales trends: tickets, resolutions, response SLA, claims and satisfaction."""
    staff_only(principal)
    series = {m: await queries.daily(session, m, period) for m in AFTERSALES_MEASURES}
    return _answer("aftersales", period, analytics.aftersales_rows(series, granularity), format)
