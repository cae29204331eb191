"""Aftersales' claims: verified, remedied by other departments, compensated, closed (R-5.6)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator

from orderflow.contracts.base import AftersalesEvent
from orderflow.contracts.types import ContractModel, Money, Quantity, Text


class Remedy(StrEnum):
    RETURN = "return"
    EXCHANGE = "exchange"
    RESUPPLY = "resupply"
    COMPENSATION = "compensation"


class Fault(StrEnum):
    COMPANY = "company"
    CARRIER = "carrier"
    CUSTOMER = "customer"
    NONE = "none"


class ClaimLine(ContractModel):
    line_no: int = Field(ge=1)
    quantity: Quantity
    problem: Text


class ClaimEvent(AftersalesEvent):
    """An event about one claim against one order."""

    claim_id: UUID


class ClaimOpened(ClaimEvent):
    """A claim was opened from a failed acceptance or a warranty ticket (R-5.6, R-7.1)."""

    event_type = "claim.opened"
    acceptance_id: UUID | None = None
    ticket_id: UUID | None = None
    lines: tuple[ClaimLine, ...] = Field(min_length=1)
    requested_remedy: Remedy | None = None


class ClaimVerified(ClaimEvent):
    """Whose fault the problem is was established (R-5.6)."""

    event_type = "claim.verified"
    fault: Fault
    finding: Text


class ClaimRemedyChosen(ClaimEvent):
    """The remedy was chosen; logistics, production or finance act on it (R-5.6, R-7.1)."""

    event_type = "claim.remedy_chosen"
    remedy: Remedy
    lines: tuple[ClaimLine, ...] = ()
    compensation: Money | None = None

    @model_validator(mode="after")
    def _compensation_has_amount(self) -> ClaimRemedyChosen:
        if self.remedy is Remedy.COMPENSATION and self.compensation is None:
            raise ValueError("a compensation remedy needs its amount")
        return self


class CompensationGranted(ClaimEvent):
    """Compensation was granted; finance books it as a credit to the customer (R-5.6)."""

    event_type = "compensation.granted"
    compensation_id: UUID
    customer_id: UUID
    amount: Money


class ClaimOutcome(StrEnum):
    REMEDIED = "remedied"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ClaimClosed(ClaimEvent):
    """A claim closed once its remedy's own events said it was done, or was rejected (R-5.6)."""

    event_type = "claim.closed"
    outcome: ClaimOutcome
    remedy: Remedy | None = None
