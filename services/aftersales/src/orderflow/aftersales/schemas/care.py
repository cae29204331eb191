"""Follow-up and survey bodies (R-7.5, R-9.2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from orderflow.aftersales.schemas import Input, Public
from orderflow.contracts.aftersales import FollowUpOutcome

Score = Annotated[int, Field(ge=1, le=5)]


class FollowUpPublic(Public):
    id: str
    customer_id: str
    order_id: str | None
    ticket_id: str | None
    claim_id: str | None
    due_on: date
    status: str
    outcome: str | None
    satisfaction: int | None
    opinions: str | None
    completed_at: datetime | None
    version: int


class FollowUpPage(Public):
    items: list[FollowUpPublic]
    next_cursor: str | None


class FollowUpResult(Input):
    outcome: FollowUpOutcome
    satisfaction: Score | None = None
    opinions: str | None = Field(default=None, min_length=1, max_length=4000)


class SurveyPublic(Public):
    id: str
    order_id: str
    customer_id: str
    status: str
    created_at: datetime
    satisfaction: int | None
    product: int | None
    delivery: int | None
    service: int | None
    would_recommend: bool | None
    comments: str | None
    answered_at: datetime | None
    version: int


class SurveyPage(Public):
    items: list[SurveyPublic]
    next_cursor: str | None


class SurveyAnswers(Input):
    satisfaction: Score
    product: Score | None = None
    delivery: Score | None = None
    service: Score | None = None
    would_recommend: bool | None = None
    comments: str | None = Field(default=None, min_length=1, max_length=4000)
