"""Review's events: assessment rounds for review, change and cancellation (R-3, R-6; DESIGN §5)."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator

from orderflow.contracts.base import EventPayload, ReviewEvent
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import (
    ActorRef,
    CheckResult,
    Code,
    Department,
    DepartmentCost,
    Impact,
    Reason,
    RoundKind,
    Text,
    UtcDatetime,
    Verdict,
)


class RoundEvent(ReviewEvent):
    """An event about one assessment round of one order."""

    round_id: UUID
    kind: RoundKind


class RoundOpened(RoundEvent):
    """A review, change or cancellation round opened with its deadline (R-3.1, R-6.2, R-6.3)."""

    event_type = "review_round.opened"
    revision: int = Field(ge=0)
    order_version: int = Field(ge=1)
    deadline: UtcDatetime
    departments: tuple[Department, ...] = Field(min_length=1)
    change_request_id: UUID | None = None
    cancellation_request_id: UUID | None = None


class AssessmentRequested(RoundEvent):
    """Departments were asked to assess an order, change or cancellation (R-3.1, R-6.2, R-6.3)."""

    event_type = "assessment.requested"
    departments: tuple[Department, ...] = Field(min_length=1)
    order: OrderSnapshot
    # Change rounds: the order as it would be after the change.
    proposed: OrderSnapshot | None = None
    change_request_id: UUID | None = None
    cancellation_request_id: UUID | None = None
    reason: Text | None = None
    deadline: UtcDatetime


class CheckSource(StrEnum):
    RULE = "rule"
    PERSON = "person"
    DEPARTMENT_ANSWER = "department_answer"


class DepartmentCheckRecorded(RoundEvent):
    """One department's check result was recorded in the round (R-3.1, R-3.2, R-9.3)."""

    event_type = "department_check.recorded"
    department: Department
    result: CheckResult
    source: CheckSource
    # The version of the rules (credit, price list, terms) the result was computed with.
    rule_version: Code | None = None
    decided_by: ActorRef | None = None


class DecisionRequested(RoundEvent):
    """A check needs a person of the department to decide; the round waits (R-3.1, R-3.2)."""

    event_type = "review_decision.requested"
    department: Department
    reasons: tuple[Reason, ...] = Field(min_length=1)
    due_at: UtcDatetime


class DecisionRecorded(RoundEvent):
    """A person of the department approved or rejected a held check (R-3.1, R-3.3, R-9.3)."""

    event_type = "review_decision.recorded"
    department: Department
    verdict: Verdict
    reason: Reason | None = None
    decided_by: ActorRef

    @model_validator(mode="after")
    def _decided(self) -> DecisionRecorded:
        if self.verdict is Verdict.NEEDS_PERSON:
            raise ValueError("a person's decision is pass or fail")
        if self.verdict is Verdict.FAIL and self.reason is None:
            raise ValueError("a rejection needs a reason")
        return self


class RoundEscalated(RoundEvent):
    """The round missed its deadline and was escalated; it stays open (R-3.1, R-9.1)."""

    event_type = "review_round.escalated"
    deadline: UtcDatetime
    missing_departments: tuple[Department, ...] = Field(min_length=1)
    level: int = Field(default=1, ge=1)


class RoundApproved(RoundEvent):
    """Every required department passed; with impact or settlement (R-3.3, R-6.2, R-6.3)."""

    event_type = "review_round.approved"
    revision: int = Field(ge=0)
    change_request_id: UUID | None = None
    cancellation_request_id: UUID | None = None
    impact: Impact | None = None
    settlement: tuple[DepartmentCost, ...] = ()


class RoundRejected(RoundEvent):
    """At least one department failed; every failing reason is listed (R-3.3, R-6.2, R-6.3)."""

    event_type = "review_round.rejected"
    revision: int = Field(ge=0)
    change_request_id: UUID | None = None
    cancellation_request_id: UUID | None = None
    reasons: tuple[Reason, ...] = Field(min_length=1)


class WithdrawalReason(StrEnum):
    ORDER_CANCELLED = "order_cancelled"
    SUPERSEDED = "superseded"
    REQUEST_WITHDRAWN = "request_withdrawn"


class RoundWithdrawn(RoundEvent):
    """The round closed without a decision; tentative holds may be released (R-6.3)."""

    event_type = "review_round.withdrawn"
    reason: WithdrawalReason


EVENTS: tuple[type[EventPayload], ...] = (
    RoundOpened,
    AssessmentRequested,
    DepartmentCheckRecorded,
    DecisionRequested,
    DecisionRecorded,
    RoundEscalated,
    RoundApproved,
    RoundRejected,
    RoundWithdrawn,
)
