"""The rules people manage as data: credit, receivables, prices, terms, thresholds (R-3.2)."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from orderflow.contracts.intake.customers import RegistrationStatus
from orderflow.contracts.types import Code, CurrencyCode, NonNegativeAmount

Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]


class RuleData(BaseModel):
    """One rule record as a person enters it; an unknown field is a mistake."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class CreditProfile(RuleData):
    """A customer's credit standing: rating (0-100) and limit, in one currency (R-3.1 sales)."""

    customer_id: UUID
    credit_rating: int = Field(ge=0, le=100)
    credit_limit: NonNegativeAmount
    currency: CurrencyCode


class Receivables(RuleData):
    """What a customer owes: everything outstanding, and the part that is overdue (R-3.1)."""

    customer_id: UUID
    outstanding: NonNegativeAmount
    overdue: NonNegativeAmount = Decimal(0)
    currency: CurrencyCode


class PriceList(RuleData):
    """List prices per product in one currency, with the tolerance a sale may deviate (R-3.2)."""

    currency: CurrencyCode
    tolerance_percent: Percent = Decimal(5)
    prices: dict[Code, NonNegativeAmount] = Field(min_length=1)


class PaymentTermPolicy(RuleData):
    """The payment terms finance allows for one customer tier (R-3.1 finance)."""

    tier: Code
    allowed_terms: tuple[Code, ...] = Field(min_length=1)


class CreditOverLimit(StrEnum):
    """What an order over the available credit gets: a rejection or a person's decision."""

    FAIL = "fail"
    NEEDS_PERSON = "needs_person"


class Thresholds(RuleData):
    """Company-wide thresholds of the review; one record, versioned like the others."""

    min_credit_rating: int = Field(default=50, ge=0, le=100)
    max_overdue: NonNegativeAmount = Decimal(0)
    credit_over_limit: CreditOverLimit = CreditOverLimit.FAIL
    hold_custom_product: bool = True
    hold_urgent_order: bool = True
    review_hours: int = Field(default=48, ge=1, le=24 * 30)
    urgent_review_hours: int = Field(default=8, ge=1, le=24 * 30)


class CustomerFacts(RuleData):
    """Qualification facts learnt from intake's customer events; never contact data."""

    customer_id: UUID
    tier: Code
    registration_status: RegistrationStatus
    blacklisted: bool = False


class Rules(BaseModel):
    """The rules in force for one order at one rules version (None: nobody entered it)."""

    model_config = ConfigDict(frozen=True)

    version: str
    thresholds: Thresholds = Thresholds()
    customer: CustomerFacts | None = None
    credit: CreditProfile | None = None
    receivables: Receivables | None = None
    price_list: PriceList | None = None
    payment_terms: PaymentTermPolicy | None = None
