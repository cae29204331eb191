"""What people and time do to an open round: decide a held check, escalate, withdraw (R-3.1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from orderflow.contracts import review
from orderflow.contracts.base import EventPayload
from orderflow.contracts.review import CheckSource
from orderflow.contracts.types import CheckResult, Department, Reason, Verdict
from orderflow.review.domain.outcome import conclude
from orderflow.review.domain.round import HistoryEntry, IllegalDecisionError, Round, RoundStatus

Events = list[EventPayload]


def decide(
    the_round: Round,
    department: Department,
    approve: bool,
    reason: Reason | None,
    *,
    by: str,
    now: datetime,
) -> tuple[Round, Events]:
    """A person of the department approves or rejects a held check (R-3.1, R-3.3)."""
    check = the_round.check(department)
    if the_round.is_closed:
        raise IllegalDecisionError(f"the round is {the_round.status}")
    if check is None or check.verdict is not Verdict.NEEDS_PERSON:
        raise IllegalDecisionError(f"no {department} check waits for a decision in this round")
    verdict = Verdict.PASS if approve else Verdict.FAIL
    if not approve and reason is None:
        raise IllegalDecisionError("a rejection needs a reason")
    decided = replace(
        check,
        verdict=verdict,
        reasons=() if approve else (reason,),  # type: ignore[arg-type]
        source=CheckSource.PERSON,
        decided_by=by,
        decided_at=now,
    )
    entry = HistoryEntry(now, "decided", department, by, verdict)
    the_round = the_round._with_check(decided, entry)
    result = CheckResult(verdict=verdict, reasons=decided.reasons)
    events: Events = [
        review.DecisionRecorded(
            **the_round._ids(), department=department, verdict=verdict, reason=reason, decided_by=by
        ),
        review.DepartmentCheckRecorded(
            **the_round._ids(),
            department=department,
            result=result,
            source=CheckSource.PERSON,
            rule_version=check.rule_version,
            decided_by=by,
        ),
    ]
    return conclude(the_round, events, now)


def escalate(the_round: Round, *, now: datetime) -> tuple[Round, Events]:
    """The deadline passed with answers missing: raise the level, say who is missing (R-9.1)."""
    if the_round.is_closed or not the_round.missing():
        return the_round, []
    level = the_round.escalation_level + 1
    escalated = replace(
        the_round,
        status=RoundStatus.ESCALATED,
        escalation_level=level,
        history=(*the_round.history, HistoryEntry(now, f"escalated level {level}")),
    )
    event = review.RoundEscalated(
        **the_round._ids(),
        deadline=the_round.deadline,
        missing_departments=the_round.missing(),
        level=level,
    )
    return escalated, [event]


def withdraw(
    the_round: Round, reason: review.WithdrawalReason, *, now: datetime
) -> tuple[Round, Events]:
    """Close an open round without a decision (superseded, order cancelled)."""
    if the_round.is_closed:
        return the_round, []
    closed = replace(
        the_round,
        status=RoundStatus.WITHDRAWN,
        closed_at=now,
        history=(*the_round.history, HistoryEntry(now, f"withdrawn: {reason}")),
    )
    return closed, [review.RoundWithdrawn(**the_round._ids(), reason=reason)]
