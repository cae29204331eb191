"""HTTP models for orders: entry from every channel (R-2.1–2.3), state and history out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from orderflow.contracts.intake import OrderStatus
from orderflow.contracts.snapshot import Channel, Postcode, SpecialFlags
from orderflow.contracts.types import (
    Code,
    CountryCode,
    CurrencyCode,
    NonNegativeAmount,
    Quantity,
    ShortText,
    Text,
)

AddressLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_code: Code
    description: ShortText
    quantity: Quantity
    unit: Code
    unit_price: NonNegativeAmount
    discount: NonNegativeAmount = Decimal(0)


class DeliveryPlaceIn(BaseModel):
    """Where to deliver; the street lines are contact data and stay encrypted in intake."""

    model_config = ConfigDict(extra="forbid")

    country: CountryCode
    region: Code
    postcode: Postcode | None = None
    address_lines: list[AddressLine] = Field(default_factory=list, max_length=6)


class OrderContent(BaseModel):
    """The content of an order (R-2.3) that edits replace as a whole."""

    model_config = ConfigDict(extra="forbid")

    currency: CurrencyCode
    lines: list[LineIn] = Field(min_length=1, max_length=500)
    subtotal: NonNegativeAmount
    discount_total: NonNegativeAmount = Decimal(0)
    tax_total: NonNegativeAmount = Decimal(0)
    total: NonNegativeAmount
    payment_terms: Code = "standard"
    requested_delivery_date: date
    delivery_place: DeliveryPlaceIn
    special: SpecialFlags = SpecialFlags()
    acceptance_period_days: int | None = Field(default=None, ge=1, le=365)


class OrderCreate(OrderContent):
    """An order entered online (customer, partner) or recorded by staff (offline)."""

    customer_id: UUID
    channel: Channel
    # Offline orders: when it arrived and the fax number, message id or visit note.
    received_at: AwareDatetime | None = None
    source_reference: Text | None = None


class QuestionPublic(BaseModel):
    question_id: str
    kind: str
    field: str | None
    question: str
    answer: str | None = None
    answered_by: str | None = None


class HistoryEntry(BaseModel):
    transition: str
    from_status: OrderStatus | None
    to_status: OrderStatus
    actor: str | None
    at: datetime
    why: Any = None


class RiskPublic(BaseModel):
    """An open supply problem that may delay the order (R-4.6)."""

    id: UUID
    kind: str
    since: datetime
    detail: str


class OrderPublic(BaseModel):
    id: UUID
    customer_id: UUID
    status: OrderStatus
    checked: bool
    channel: Channel
    version: int
    revision: int
    content: dict[str, Any]
    # Left out of the answer to a create (replays of it are stored); GET the order for it.
    delivery_address_lines: list[str] = []
    received_at: datetime
    recorded_by: str | None
    source_reference: str | None
    platform: str | None
    platform_order_id: str | None
    questions: list[QuestionPublic]
    duplicate_candidates: list[UUID]
    return_reasons: list[dict[str, Any]]
    at_risk: bool = False
    risks: list[RiskPublic] = []
    history: list[HistoryEntry] = []
    created_at: datetime
    updated_at: datetime


class OrderPage(BaseModel):
    items: list[OrderPublic]
    next_cursor: str | None


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question_id: Code
    answer: Text


class Clarification(BaseModel):
    """Staff's answers to the open questions, after contacting the customer (R-2.4)."""

    model_config = ConfigDict(extra="forbid")

    answers: list[Answer] = Field(min_length=1)
