"""HTTP models of review: rounds with checks and history, decisions, rule records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, model_validator

from orderflow.contracts.types import Code, Department, Reason, Text
from orderflow.review.domain.round import Check, HistoryEntry, Round


class ReasonPublic(BaseModel):
    """Why a check did not pass: department, rule, expected, actual, message (R-3.3)."""

    department: str
    rule: str
    expected: str | None
    actual: str | None
    message: str

    @classmethod
    def of(cls, reason: Reason) -> ReasonPublic:
        return cls(**reason.model_dump(mode="json"))


class ImpactPublic(BaseModel):
    new_completion_date: date | None = None
    cost_delta: Decimal | None = None
    work_state: str | None = None
    cost_incurred: Decimal | None = None
    currency: str | None = None


class CheckPublic(BaseModel):
    department: str
    # None while the department's answer is awaited; needs_person while held for a decision.
    verdict: str | None
    reasons: list[ReasonPublic]
    source: str | None
    rule_version: str | None
    decided_by: str | None
    decided_at: datetime | None
    impact: ImpactPublic | None

    @classmethod
    def of(cls, check: Check) -> CheckPublic:
        impact = check.impact
        money = impact and (impact.cost_delta or impact.cost_incurred)
        return cls(
            department=check.department.value,
            verdict=check.verdict.value if check.verdict else None,
            reasons=[ReasonPublic.of(r) for r in check.reasons],
            source=check.source.value if check.source else None,
            rule_version=check.rule_version,
            decided_by=check.decided_by,
            decided_at=check.decided_at,
            impact=None
            if impact is None
            else ImpactPublic(
                new_completion_date=impact.new_completion_date,
                cost_delta=impact.cost_delta.amount if impact.cost_delta else None,
                work_state=impact.work_state.value if impact.work_state else None,
                cost_incurred=impact.cost_incurred.amount if impact.cost_incurred else None,
                currency=money.currency if money else None,
            ),
        )


class HistoryPublic(BaseModel):
    at: datetime
    what: str
    department: str | None
    by: str | None
    verdict: str | None

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryPublic:
        return cls(
            at=entry.at,
            what=entry.what,
            department=entry.department.value if entry.department else None,
            by=entry.by,
            verdict=entry.verdict.value if entry.verdict else None,
        )


class RoundPublic(BaseModel):
    round_id: UUID
    order_id: UUID
    customer_id: UUID
    kind: str
    revision: int
    order_version: int
    status: str
    opened_at: datetime
    deadline: datetime
    closed_at: datetime | None
    escalation_level: int
    rule_version: str
    change_request_id: UUID | None
    cancellation_request_id: UUID | None
    checks: list[CheckPublic]
    failing_reasons: list[ReasonPublic]
    history: list[HistoryPublic]

    @classmethod
    def of(cls, the_round: Round) -> RoundPublic:
        return cls(
            round_id=the_round.round_id,
            order_id=the_round.order_id,
            customer_id=the_round.customer_id,
            kind=the_round.kind.value,
            revision=the_round.revision,
            order_version=(the_round.proposed or the_round.order).version,
            status=the_round.status.value,
            opened_at=the_round.opened_at,
            deadline=the_round.deadline,
            closed_at=the_round.closed_at,
            escalation_level=the_round.escalation_level,
            rule_version=the_round.rule_version,
            change_request_id=the_round.change_request_id,
            cancellation_request_id=the_round.cancellation_request_id,
            checks=[CheckPublic.of(c) for c in the_round.checks],
            failing_reasons=[
                ReasonPublic.of(r)
                for c in the_round.checks
                if c.verdict is not None and c.verdict.value == "fail"
                for r in c.reasons
            ],
            history=[HistoryPublic.of(e) for e in the_round.history],
        )


class RoundPage(BaseModel):
    items: list[RoundPublic]
    next_cursor: str | None


class HeldCheckPublic(BaseModel):
    """A check waiting for a person of `department`; decide with If-Match `round_etag`."""

    round_id: UUID
    order_id: UUID
    kind: str
    revision: int
    department: str
    held_since: datetime
    due_at: datetime
    reasons: list[ReasonPublic]
    round_etag: str


class HeldCheckPage(BaseModel):
    items: list[HeldCheckPublic]
    next_cursor: str | None


class DecisionCreate(BaseModel):
    """A person's decision on a held check; a rejection says why (R-3.1, R-3.3)."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    rule: Code = "person.decision"
    message: Text | None = None

    @model_validator(mode="after")
    def _rejection_has_reason(self) -> DecisionCreate:
        if self.decision == "reject" and self.message is None:
            raise ValueError("a rejection needs a message saying why")
        return self

    def reason(self, department: Department) -> Reason | None:
        if self.message is None:
            return None
        return Reason(department=department, rule=self.rule, message=self.message)


class RuleRecordPublic(BaseModel):
    """One version of a rule record; `rules_version` is what a round records (R-3.2)."""

    kind: str
    key: str
    version: int
    rules_version: str
    changed_at: datetime
    changed_by: str
    data: dict[str, Any]


class RuleRecordPage(BaseModel):
    items: list[RuleRecordPublic]
    next_cursor: str | None
