"""Follow-ups of handled cases (R-7.5) and a satisfaction survey per accepted order (R-9.2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from orderflow.aftersales.domain.errors import RuleError
from orderflow.contracts import aftersales as events
from orderflow.contracts.base import EventPayload

SCHEDULED, COMPLETED, PENDING, ANSWERED = "scheduled", "completed", "pending", "answered"


@dataclass(frozen=True)
class FollowUp:
    id: str
    customer_id: str
    due_on: date
    order_id: str | None = None
    ticket_id: str | None = None
    claim_id: str | None = None
    status: str = SCHEDULED
    outcome: str | None = None
    satisfaction: int | None = None
    opinions: str | None = None
    completed_at: datetime | None = None
    version: int = 1


@dataclass(frozen=True)
class Survey:
    id: str
    order_id: str
    customer_id: str
    created_at: datetime
    status: str = PENDING
    satisfaction: int | None = None
    product: int | None = None
    delivery: int | None = None
    service: int | None = None
    would_recommend: bool | None = None
    comments: str | None = None
    answered_at: datetime | None = None
    version: int = 1


def _uuid(value: str | None) -> UUID | None:
    return UUID(value) if value else None


def schedule_follow_up(follow_up: FollowUp) -> tuple[FollowUp, list[EventPayload]]:
    """A handled ticket or claim gets a follow-up visit on `due_on` (R-7.5)."""
    event = events.FollowUpScheduled(
        follow_up_id=UUID(follow_up.id),
        customer_id=UUID(follow_up.customer_id),
        order_id=_uuid(follow_up.order_id),
        ticket_id=_uuid(follow_up.ticket_id),
        claim_id=_uuid(follow_up.claim_id),
        due_on=follow_up.due_on,
    )
    return follow_up, [event]


def complete_follow_up(
    follow_up: FollowUp,
    outcome: events.FollowUpOutcome,
    satisfaction: int | None,
    opinions: str | None,
    now: datetime,
) -> tuple[FollowUp, list[EventPayload]]:
    """The visit's outcome and the customer's opinions are recorded (R-7.5)."""
    if follow_up.status != SCHEDULED:
        raise RuleError("follow-up-completed", "the follow-up is done", follow_up.status)
    done = replace(
        follow_up,
        status=COMPLETED,
        outcome=outcome.value,
        satisfaction=satisfaction,
        opinions=opinions,
        completed_at=now,
        version=follow_up.version + 1,
    )
    event = events.FollowUpCompleted(
        follow_up_id=UUID(follow_up.id),
        outcome=outcome,
        satisfaction=satisfaction,
        opinions_recorded=bool(opinions),
    )
    return done, [event]


def answer_survey(
    survey: Survey, answers: Survey, now: datetime
) -> tuple[Survey, list[EventPayload]]:
    """The customer's answers to an accepted order's survey, recorded once (R-9.2)."""
    if survey.status != PENDING:
        raise RuleError("survey-answered", "the survey was answered already", survey.status)
    if answers.satisfaction is None:
        raise RuleError("satisfaction-required", "the overall satisfaction is required")
    answered = replace(
        answers,
        id=survey.id,
        order_id=survey.order_id,
        customer_id=survey.customer_id,
        created_at=survey.created_at,
        status=ANSWERED,
        answered_at=now,
        version=survey.version + 1,
    )
    event = events.SatisfactionSurveyRecorded(
        survey_id=UUID(survey.id),
        customer_id=UUID(survey.customer_id),
        satisfaction=answers.satisfaction,
        product=answers.product,
        delivery=answers.delivery,
        service=answers.service,
        would_recommend=answers.would_recommend,
    )
    return answered, [event]
