"""A period is summed from month rows and day rows that cover exactly its days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderflow.reporting.queries import Period, segments

pytestmark = pytest.mark.unit


def days_of(grain: str, first: date, last: date) -> list[date]:
    out, day = [], first
    while day <= last:
        if grain == "d":
            out.append(day)
            day += timedelta(days=1)
        else:
            month, nxt = day, (day + timedelta(days=32)).replace(day=1)
            out.extend(month + timedelta(days=n) for n in range((nxt - month).days))
            day = nxt
    return out


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(0, 800))
def test_segments_cover_every_day_of_the_period_once(start: date, length: int) -> None:
    period = Period(start, start + timedelta(days=length))
    covered = [d for part in segments(period) for d in days_of(*part)]
    expected = [start + timedelta(days=n) for n in range(length + 1)]
    assert sorted(covered) == expected


def test_a_year_is_twelve_month_rows() -> None:
    assert segments(Period(date(2025, 1, 1), date(2025, 12, 31))) == [
        ("m", date(2025, 1, 1), date(2025, 12, 1))
    ]
