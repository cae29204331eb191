"""Service ticket bodies (R-7.1–R-7.4)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from orderflow.aftersales.schemas import Input, Public
from orderflow.contracts.aftersales import (
    Priority,
    Remedy,
    Resolution,
    TicketChannel,
    TicketKind,
)

Message = Annotated[str, Field(min_length=1, max_length=2000)]


class TicketCreate(Input):
    kind: TicketKind
    channel: TicketChannel
    priority: Priority = Priority.NORMAL
    summary: Message
    # Staff name the customer; a customer's own token names itself.
    customer_id: UUID | None = None
    order_id: UUID | None = None
    product_code: str | None = Field(default=None, max_length=64)


class TicketUpdateIn(Input):
    status: Literal["in_progress", "waiting_on_customer"]
    message: Message


class TicketResolutionIn(Input):
    resolution: Resolution
    message: Message


class TicketFeedbackIn(Input):
    satisfaction: int = Field(ge=1, le=5)
    # Defaults to satisfaction 4 or 5; the customer may say otherwise.
    satisfied: bool | None = None


class TicketUpdatePublic(Public):
    at: datetime
    status: str
    message: str


class TicketPublic(Public):
    id: str
    customer_id: str
    order_id: str | None
    kind: str
    channel: str
    priority: str
    status: str
    summary: str
    opened_at: datetime
    first_response_due: datetime
    resolution_due: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    resolution: str | None
    first_response_breached: bool
    resolution_breached: bool
    reopen_count: int
    satisfaction: int | None
    closed_at: datetime | None
    warranty_until: date | None
    claim_id: str | None
    version: int
    updates: list[TicketUpdatePublic] = []


class TicketPage(Public):
    items: list[TicketPublic]
    next_cursor: str | None


class ServiceLevelIn(Input):
    first_response_minutes: int = Field(ge=1, le=60 * 24 * 60)
    resolution_minutes: int = Field(ge=1, le=60 * 24 * 365)


class ServiceLevelPublic(Public):
    kind: TicketKind
    priority: Priority
    first_response_minutes: int
    resolution_minutes: int


class WarrantyClaimLine(Input):
    line_no: int = Field(ge=1)
    quantity: Decimal = Field(gt=0, max_digits=14, decimal_places=3)
    problem: Message


class WarrantyClaimIn(Input):
    """The goods to repair, replace or return under warranty; the claim runs from here."""

    lines: list[WarrantyClaimLine] = Field(min_length=1, max_length=200)
    requested_remedy: Remedy | None = None
    message: Message
