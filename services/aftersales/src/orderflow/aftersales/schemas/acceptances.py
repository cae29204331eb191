"""Acceptance and claim bodies (R-5.5, R-5.6)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from orderflow.aftersales.schemas import Input, Public
from orderflow.contracts.aftersales import Fault, Remedy

Finding = Annotated[str, Field(min_length=1, max_length=2000)]


class CheckItemPublic(Public):
    item_no: int
    line_no: int | None
    criterion: str
    result: str | None
    finding: str | None


class AcceptancePublic(Public):
    id: str
    order_id: str
    customer_id: str
    status: str
    opened_at: datetime
    deadline: datetime
    checklist: list[CheckItemPublic]
    concluded_at: datetime | None
    recorded_by_customer: bool | None
    claim_id: str | None
    version: int


class AcceptancePage(Public):
    items: list[AcceptancePublic]
    next_cursor: str | None


class ItemResultIn(Input):
    item_no: int = Field(ge=1)
    passed: bool
    finding: Finding | None = None

    @model_validator(mode="after")
    def _failed_item_says_why(self) -> ItemResultIn:
        if not self.passed and not self.finding:
            raise ValueError("a failed item needs its finding")
        return self


class AcceptanceResults(Input):
    """Results for some or all checklist items; the last missing one concludes the inspection."""

    items: list[ItemResultIn] = Field(min_length=1, max_length=200)


class AcceptanceTerms(Input):
    period_days: int = Field(ge=1, le=365)


class AcceptanceTermsPublic(Public):
    customer_id: str
    period_days: int


class ClaimLinePublic(Public):
    line_no: int
    quantity: str
    problem: str


class ClaimPublic(Public):
    id: str
    order_id: str
    customer_id: str
    acceptance_id: str | None
    ticket_id: str | None
    status: str
    lines: list[ClaimLinePublic]
    opened_at: datetime
    fault: str | None
    finding: str | None
    remedy: str | None
    compensation_amount: str | None
    compensation_currency: str | None
    outcome: str | None
    closed_at: datetime | None
    version: int


class ClaimPage(Public):
    items: list[ClaimPublic]
    next_cursor: str | None


class ClaimVerification(Input):
    fault: Fault
    finding: Finding


class Compensation(Input):
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class ClaimRemedy(Input):
    remedy: Remedy
    compensation: Compensation | None = None
