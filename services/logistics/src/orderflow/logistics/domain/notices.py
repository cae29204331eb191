"""When a delivery notice is due, what window it names, and how failed sends are retried (R-5.1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum


class NoticeStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    RETRYING = "retrying"
    FAILED = "failed"


MAX_ATTEMPTS = 5


def delivery_window(
    eta: date, start_hour: int = 8, end_hour: int = 18
) -> tuple[datetime, datetime]:
    """The working-day window of the expected arrival date, in UTC."""
    return (
        datetime.combine(eta, time(start_hour), tzinfo=UTC),
        datetime.combine(eta, time(end_hour), tzinfo=UTC),
    )


def retry_at(attempt: int, now: datetime, base_seconds: float) -> datetime | None:
    """When to try again after failed attempt `attempt`; None once attempts are spent."""
    if attempt >= MAX_ATTEMPTS:
        return None
    return now + timedelta(seconds=base_seconds * 2 ** (attempt - 1))
