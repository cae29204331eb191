"""What the reporting routes share: the period, staff-only access, CSV answers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Response

from orderflow.reporting.queries import Period
from orderflow.runtime.deps import NowDep
from orderflow.runtime.web import Principal, PrincipalDep, ProblemError
from orderflow.runtime.web.params import IsoDate

MAX_PERIOD_DAYS = 3660
DEFAULT_PERIOD_DAYS = 30
Format = Literal["json", "csv"]


def period(
    now: NowDep,
    _: PrincipalDep,  # authenticate before judging the query: a 401 comes before a 422
    start: Annotated[
        IsoDate | None, Query(alias="from", description="First day (UTC), inclusive")
    ] = None,
    end: Annotated[
        IsoDate | None, Query(alias="to", description="Last day (UTC), inclusive")
    ] = None,
) -> Period:
    """The reporting period: `from`..`to` inclusive, by default the last 30 days."""
    last = end or now.date()
    first = start or date.fromordinal(max(1, last.toordinal() - (DEFAULT_PERIOD_DAYS - 1)))
    if first > last:
        raise ProblemError(422, "bad-period", "Bad period", "'from' must not be after 'to'")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise ProblemError(422, "bad-period", "Bad period", f"at most {MAX_PERIOD_DAYS} days")
    return Period(first, last)


PeriodDep = Annotated[Period, Depends(period)]


def staff_only(principal: Principal) -> Principal:
    """Company figures are for staff (managers, supervisors) and services, not customers."""
    if principal.kind in ("customer", "partner"):
        raise ProblemError(403, "staff-only", "Staff only", "company figures are not shared")
    return principal


def csv_response(rows: Sequence[dict[str, object]], filename: str) -> Response:
    """The rows as CSV (header from the first row's keys), UTF-8, for spreadsheets."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
