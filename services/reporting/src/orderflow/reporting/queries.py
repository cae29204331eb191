"""Reads of the pre-aggregated tables; none of them touches the archive (R-8.2, R-9.3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.reporting.models import MILLI, measures
from orderflow.reporting.models import customer_values as cv


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Sum:
    total: Decimal
    count: int


Sums = dict[tuple[str, str], Sum]
"""Summed facts by (dimension, key)."""


def segments(period: Period) -> list[tuple[str, date, date]]:
    """The period as (grain, first, last): whole months as month rows, the edges as days."""
    months_from = period.start if period.start.day == 1 else _next_month(period.start)
    month_end = _next_month(period.end) - timedelta(days=1)
    ends_a_month = period.end == month_end
    months_until = period.end if ends_a_month else period.end.replace(day=1) - timedelta(days=1)
    if months_from > months_until:
        return [("d", period.start, period.end)]
    parts = [("m", months_from, months_until.replace(day=1))]
    if period.start < months_from:
        parts.append(("d", period.start, months_from - timedelta(days=1)))
    if months_until < period.end:
        parts.append(("d", months_until + timedelta(days=1), period.end))
    return parts


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


async def sums(
    session: AsyncSession, measure: str, period: Period, dimensions: Iterable[str] = ("all",)
) -> Sums:
    """The measure summed over the period, per dimension and key."""
    in_period = or_(
        *(
            and_(measures.c.grain == grain, measures.c.day >= first, measures.c.day <= last)
            for grain, first, last in segments(period)
        )
    )
    query = (
        select(
            measures.c.dimension,
            measures.c.key,
            func.sum(measures.c.total_milli),
            func.sum(measures.c.count),
        )
        .where(measures.c.measure == measure, in_period, measures.c.dimension.in_(list(dimensions)))
        .group_by(measures.c.dimension, measures.c.key)
    )
    rows = (await session.execute(query)).all()
    return {(d, k): Sum(Decimal(int(t)) / MILLI, int(c)) for d, k, t, c in rows}


async def daily(session: AsyncSession, measure: str, period: Period) -> dict[date, Sum]:
    """The company-wide measure per day of the period (days without facts are absent)."""
    query = select(measures.c.day, measures.c.total_milli, measures.c.count).where(
        measures.c.measure == measure,
        measures.c.grain == "d",
        measures.c.dimension == "all",
        measures.c.key == "all",
        measures.c.day >= period.start,
        measures.c.day <= period.end,
    )
    rows = (await session.execute(query)).all()
    return {day: Sum(Decimal(int(t)) / MILLI, int(c)) for day, t, c in rows}


async def customer_values(
    session: AsyncSession, limit: int
) -> tuple[list[dict[str, object]], int, int]:
    """The most valuable customers, and how many customers bought once and more than once."""
    top = (
        (
            await session.execute(
                select(cv)
                .where(cv.c.orders > 0)
                .order_by(cv.c.revenue_milli.desc(), cv.c.customer_id)
                .limit(limit)
            )
        )
        .mappings()
        .all()
    )
    buyers = await session.scalar(select(func.count()).where(cv.c.orders > 0)) or 0
    repeat = await session.scalar(select(func.count()).where(cv.c.orders > 1)) or 0
    return [dict(r) for r in top], int(buyers), int(repeat)
