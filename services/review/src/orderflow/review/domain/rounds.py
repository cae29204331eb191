"""How a round opens and takes the departments' answers (R-3.1, R-6.2, R-6.3; DESIGN §5)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from orderflow.contracts import review
from orderflow.contracts.base import EventPayload
from orderflow.contracts.review import CheckSource
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Impact, RoundKind, Verdict
from orderflow.review.domain.outcome import conclude as _conclude
from orderflow.review.domain.round import (
    ANSWERING,
    DEPARTMENTS,
    Check,
    HistoryEntry,
    Round,
)

Events = list[EventPayload]


def open_round(
    round_id: UUID,
    kind: RoundKind,
    order_id: UUID,
    order: OrderSnapshot,
    *,
    now: datetime,
    deadline: datetime,
    rule_version: str,
    own_checks: dict[Department, CheckResult],
    proposed: OrderSnapshot | None = None,
    change_request_id: UUID | None = None,
    cancellation_request_id: UUID | None = None,
    reason: str | None = None,
) -> tuple[Round, Events]:
    """Open a round with review's own checks done, and ask the others (R-3.1, R-6.2, R-6.3)."""
    departments = DEPARTMENTS[kind]
    the_round = Round(
        round_id,
        order_id,
        kind,
        order,
        now,
        deadline,
        rule_version,
        checks=tuple(Check(d) for d in departments),
        proposed=proposed,
        change_request_id=change_request_id,
        cancellation_request_id=cancellation_request_id,
        history=(HistoryEntry(now, "opened"),),
    )
    requests = the_round._requests()
    events: Events = [
        review.RoundOpened(
            **the_round._ids(),
            revision=order.revision,
            order_version=order.version,
            deadline=deadline,
            departments=departments,
            **requests,
        ),
        review.AssessmentRequested(
            **the_round._ids(),
            departments=ANSWERING,
            order=order,
            proposed=proposed,
            reason=reason,
            deadline=deadline,
            **requests,
        ),
    ]
    for department, result in own_checks.items():
        the_round, more = _record(the_round, department, result, CheckSource.RULE, now=now)
        events += more
    return _conclude(the_round, events, now)


def record_answer(
    the_round: Round,
    department: Department,
    result: CheckResult,
    impact: Impact | None,
    *,
    now: datetime,
) -> tuple[Round, Events]:
    """Take a department's answer, late or not; a duplicate or one after closing changes nothing."""
    check = the_round.check(department)
    if the_round.is_closed or check is None or check.source is not None:
        return the_round, []
    the_round, events = _record(
        the_round, department, result, CheckSource.DEPARTMENT_ANSWER, now=now, impact=impact
    )
    return _conclude(the_round, events, now)


def _record(
    the_round: Round,
    department: Department,
    result: CheckResult,
    source: CheckSource,
    *,
    now: datetime,
    impact: Impact | None = None,
) -> tuple[Round, Events]:
    rule_version = the_round.rule_version if source is CheckSource.RULE else None
    check = Check(department, result.verdict, result.reasons, source, rule_version, impact=impact)
    the_round = the_round._with_check(
        check, HistoryEntry(now, "checked", department, verdict=result.verdict)
    )
    events: Events = [
        review.DepartmentCheckRecorded(
            **the_round._ids(),
            department=department,
            result=result,
            source=source,
            rule_version=rule_version,
        ),
    ]
    if result.verdict is Verdict.NEEDS_PERSON:
        events.append(
            review.DecisionRequested(
                **the_round._ids(),
                department=department,
                reasons=result.reasons,
                due_at=the_round.deadline,
            )
        )
    return the_round, events
