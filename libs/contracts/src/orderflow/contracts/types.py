"""Value types shared by event payloads: scalars, money, departments and check results."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)


class ContractModel(BaseModel):
    """A value inside an event: immutable, and an unknown field is a mistake."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# Aware datetimes only (a naive one is an error), normalised to UTC.
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# Product, item, rule and other business codes: no spaces, so they stay codes, not prose.
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")]
# A user or service subject (JWT `sub`); no '@' so an e-mail address cannot pass as one.
ActorRef = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/|-]{0,199}$")]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Amount = Annotated[Decimal, Field(allow_inf_nan=False)]
NonNegativeAmount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Quantity = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
NonNegativeQuantity = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Satisfaction = Annotated[int, Field(ge=1, le=5)]


class Department(StrEnum):
    SALES = "sales"
    CUSTOMER_SERVICE = "customer_service"
    FINANCE = "finance"
    PRODUCTION = "production"
    PROCUREMENT = "procurement"
    LOGISTICS = "logistics"
    AFTERSALES = "aftersales"


class Verdict(StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    FAIL = "fail"
    NEEDS_PERSON = "needs_person"


class RoundKind(StrEnum):
    REVIEW = "review"
    CHANGE = "change"
    CANCELLATION = "cancellation"


class WorkState(StrEnum):
    """How far a department's work for an order has gone (what a cancellation must settle)."""

    NOT_STARTED = "not_started"
    PARTLY_DONE = "partly_done"
    DONE = "done"


class SiteServiceKind(StrEnum):
    INSTALLATION = "installation"
    COMMISSIONING = "commissioning"
    TRAINING = "training"


class Money(ContractModel):
    """A non-negative amount in one currency; serialised as a decimal string."""

    amount: NonNegativeAmount
    currency: CurrencyCode


class MoneyDelta(ContractModel):
    """A signed amount: a change's extra cost (positive) or saving (negative)."""

    amount: Amount
    currency: CurrencyCode


class Reason(ContractModel):
    """Why a check did not pass, structured so people and reports can act on it."""

    department: Department
    rule: Code
    expected: ShortText | None = None
    actual: ShortText | None = None
    message: Text


class CheckResult(ContractModel):
    """One department's answer to one check; fail and needs_person always say why."""

    verdict: Verdict
    reasons: tuple[Reason, ...] = ()

    @model_validator(mode="after")
    def _reasons_explain_verdict(self) -> CheckResult:
        if self.verdict is not Verdict.PASS and not self.reasons:
            raise ValueError(f"a {self.verdict} result needs at least one reason")
        return self


class Impact(ContractModel):
    """What a change or cancellation costs one department: dates, money, work already done."""

    new_completion_date: date | None = None
    cost_delta: MoneyDelta | None = None
    work_state: WorkState | None = None
    cost_incurred: Money | None = None
    work_done: Text | None = None


class DepartmentCost(ContractModel):
    """One department's share of a cancellation's settlement."""

    department: Department
    work_state: WorkState
    cost_incurred: Money
