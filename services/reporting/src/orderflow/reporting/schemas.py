"""HTTP models of the reporting API (never the event contracts themselves)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel

from orderflow.runtime.db import as_utc

Utc = Annotated[datetime, AfterValidator(as_utc)]


class OrderSummary(BaseModel):
    order_id: str
    customer_id: str | None
    channel: str | None
    region: str | None
    status: str | None
    currency: str | None
    total: str | None
    received_at: Utc | None
    updated_at: Utc
    events: int


class TimelineEntryPublic(BaseModel):
    """One record of the order file: who did what, when (R-8.1)."""

    event_id: str
    occurred_at: Utc
    event_type: str
    producer: str
    who: str | None
    what: str


class ArchivedRecord(TimelineEntryPublic):
    record: dict[str, Any]


class OrderFilePublic(BaseModel):
    order: OrderSummary
    records: list[ArchivedRecord]


class OrderPage(BaseModel):
    items: list[OrderSummary]
    next_cursor: str | None


class KpiValue(BaseModel):
    value: float | None
    numerator: float
    denominator: float


class KpiPublic(BaseModel):
    name: str
    title: str
    unit: str
    definition: str
    company: KpiValue
    by_department: dict[str, KpiValue]
    by_person: dict[str, KpiValue]


class KpiReport(BaseModel):
    period_from: date
    period_to: date
    department: str | None
    person: str | None
    kpis: list[KpiPublic]
