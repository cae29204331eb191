"""Aftersales' follow-up visits (keyed `follow_up:<id>`) and satisfaction surveys (per order)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from orderflow.contracts.base import AftersalesEvent
from orderflow.contracts.types import ActorRef, Satisfaction


class FollowUpEvent(AftersalesEvent):
    """An event about one follow-up of a handled ticket or claim."""

    subject_kind = "follow_up"
    follow_up_id: UUID


class FollowUpScheduled(FollowUpEvent):
    """A follow-up of a handled case was scheduled (R-7.5)."""

    event_type = "follow_up.scheduled"
    customer_id: UUID
    order_id: UUID | None = None
    ticket_id: UUID | None = None
    claim_id: UUID | None = None
    due_on: date
    assigned_to: ActorRef | None = None


class FollowUpOutcome(StrEnum):
    SATISFIED = "satisfied"
    ISSUE_FOUND = "issue_found"
    NOT_REACHED = "not_reached"


class FollowUpCompleted(FollowUpEvent):
    """A follow-up took place and its outcome and opinions were recorded (R-7.5, R-9.2)."""

    event_type = "follow_up.completed"
    outcome: FollowUpOutcome
    satisfaction: Satisfaction | None = None
    opinions_recorded: bool = False


class SatisfactionSurveyRecorded(AftersalesEvent):
    """An accepted order's satisfaction survey was answered (R-9.2, R-9.3)."""

    event_type = "satisfaction_survey.recorded"
    survey_id: UUID
    customer_id: UUID
    satisfaction: Satisfaction
    product: Satisfaction | None = None
    delivery: Satisfaction | None = None
    service: Satisfaction | None = None
    would_recommend: bool | None = None
