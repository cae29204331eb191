"""Follow-up and survey routes (R-7.5, R-9.2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from orderflow.aftersales import models, repository
from orderflow.aftersales.actions.common import publish
from orderflow.aftersales.api.common import (
    cursor_after_page,
    for_change,
    page_query,
    rules_as_problems,
    visible,
    with_etag,
)
from orderflow.aftersales.domain import care as rules
from orderflow.aftersales.domain.care import FollowUp, Survey
from orderflow.aftersales.schemas.care import (
    FollowUpPage,
    FollowUpPublic,
    FollowUpResult,
    SurveyAnswers,
    SurveyPage,
    SurveyPublic,
)
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    problem_responses,
    require_scopes,
)

router = APIRouter(tags=["follow-ups", "surveys"])
FollowUpReader = Annotated[Principal, require_scopes("aftersales:follow-ups:read")]
FollowUpWriter = Annotated[Principal, require_scopes("aftersales:follow-ups:write")]
SurveyReader = Annotated[Principal, require_scopes("aftersales:surveys:read")]
SurveyWriter = Annotated[Principal, require_scopes("aftersales:surveys:write")]
TRANSITION = problem_responses(404, 409, 412, 428)


@router.get("/follow-ups", response_model=FollowUpPage)
async def list_follow_ups(
    session: SessionDep,
    principal: FollowUpReader,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: str | None = None,
    customer_id: str | None = None,
    ticket_id: str | None = None,
    claim_id: str | None = None,
) -> FollowUpPage:
    table = models.follow_ups
    query = select(table)
    filters = (
        ("status", status),
        ("customer_id", customer_id),
        ("ticket_id", ticket_id),
        ("claim_id", claim_id),
    )
    for column, value in filters:
        if value is not None:
            query = query.where(table.c[column] == value)
    found = list(
        (await session.execute(page_query(query, table, principal, cursor, limit))).mappings()
    )
    items = [FollowUpPublic.model_validate(repository.from_row(FollowUp, r)) for r in found[:limit]]
    return FollowUpPage(items=items, next_cursor=cursor_after_page(found, limit))


@router.get(
    "/follow-ups/{follow_up_id}", response_model=FollowUpPublic, responses=problem_responses(404)
)
async def get_follow_up(
    follow_up_id: str, session: SessionDep, principal: FollowUpReader, response: Response
) -> FollowUpPublic:
    follow_up = await visible(session, FollowUp, follow_up_id, principal, "Follow-up")
    with_etag(response, follow_up)
    return FollowUpPublic.model_validate(follow_up)


@router.post(
    "/follow-ups/{follow_up_id}/result", response_model=FollowUpPublic, responses=TRANSITION
)
async def record_follow_up(
    follow_up_id: str,
    body: FollowUpResult,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: FollowUpWriter,
) -> FollowUpPublic:
    """The visit's outcome and the customer's opinions (R-7.5)."""
    async with session.begin():
        follow_up = await for_change(
            session, FollowUp, follow_up_id, principal, request, "Follow-up"
        )
        with rules_as_problems():
            done, events = rules.complete_follow_up(
                follow_up, body.outcome, body.satisfaction, body.opinions, now
            )
        await repository.update(session, done, read_version=follow_up.version)
        await publish(
            session, events, subject=f"follow_up:{done.id}", actor=principal.subject, now=now
        )
    with_etag(response, done)
    return FollowUpPublic.model_validate(done)


@router.get("/surveys", response_model=SurveyPage)
async def list_surveys(
    session: SessionDep,
    principal: SurveyReader,
    cursor: Cursor = None,
    limit: Limit = 50,
    status: str | None = None,
    customer_id: str | None = None,
    order_id: str | None = None,
) -> SurveyPage:
    table = models.surveys
    query = select(table)
    for column, value in (("status", status), ("customer_id", customer_id), ("order_id", order_id)):
        if value is not None:
            query = query.where(table.c[column] == value)
    found = list(
        (await session.execute(page_query(query, table, principal, cursor, limit))).mappings()
    )
    items = [SurveyPublic.model_validate(repository.from_row(Survey, r)) for r in found[:limit]]
    return SurveyPage(items=items, next_cursor=cursor_after_page(found, limit))


@router.get("/surveys/{survey_id}", response_model=SurveyPublic, responses=problem_responses(404))
async def get_survey(
    survey_id: str, session: SessionDep, principal: SurveyReader, response: Response
) -> SurveyPublic:
    survey = await visible(session, Survey, survey_id, principal, "Survey")
    with_etag(response, survey)
    return SurveyPublic.model_validate(survey)


@router.post("/surveys/{survey_id}/answers", response_model=SurveyPublic, responses=TRANSITION)
async def answer_survey(
    survey_id: str,
    body: SurveyAnswers,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: SurveyWriter,
) -> SurveyPublic:
    """The customer's satisfaction with an accepted order (R-9.2)."""
    async with session.begin():
        survey = await for_change(session, Survey, survey_id, principal, request, "Survey")
        answers = Survey(
            survey.id, survey.order_id, survey.customer_id, survey.created_at, **body.model_dump()
        )
        with rules_as_problems():
            answered, events = rules.answer_survey(survey, answers, now)
        await repository.update(session, answered, read_version=survey.version)
        await publish(session, events, order_id=survey.order_id, actor=principal.subject, now=now)
    with_etag(response, answered)
    return SurveyPublic.model_validate(answered)
