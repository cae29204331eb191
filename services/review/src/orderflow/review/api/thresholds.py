"""The review's thresholds: one record of company-wide limits and deadlines, versioned (R-3.2)."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from orderflow.review import rule_store
from orderflow.review.api.rules import Reader, Writer, public, update_record
from orderflow.review.domain.rules import Thresholds
from orderflow.review.schemas import RuleRecordPublic
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import problem_responses, set_etag

router = APIRouter(tags=["thresholds"])
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@router.get("/thresholds", response_model=RuleRecordPublic, tags=["thresholds"])
async def read_thresholds(response: Response, session: SessionDep, _: Reader) -> RuleRecordPublic:
    """The thresholds in force; version 0 are the defaults nobody has changed yet."""
    record = await rule_store.latest(session, rule_store.THRESHOLDS, rule_store.THRESHOLDS_KEY)
    if record is None:
        set_etag(response, 0)
        return RuleRecordPublic(
            kind=rule_store.THRESHOLDS,
            key=rule_store.THRESHOLDS_KEY,
            version=0,
            rules_version="rules-v0",
            changed_at=_EPOCH,
            changed_by="default",
            data=Thresholds().model_dump(mode="json"),
        )
    set_etag(response, record.version)
    return public(record)


@router.put(
    "/thresholds",
    response_model=RuleRecordPublic,
    tags=["thresholds"],
    responses=problem_responses(412, 422, 428),
)
async def update_thresholds(
    body: Thresholds,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> RuleRecordPublic:
    async with session.begin():
        record = await rule_store.latest(session, rule_store.THRESHOLDS, rule_store.THRESHOLDS_KEY)
        current = record.version if record else 0
        return await update_record(
            session,
            request,
            response,
            rule_store.THRESHOLDS,
            rule_store.THRESHOLDS_KEY,
            body,
            principal,
            now,
            current_version=current,
        )
