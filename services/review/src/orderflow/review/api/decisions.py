"""People's decisions: each department lists its held checks and decides them (R-3.1, R-3.3)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from orderflow.contracts.types import Department
from orderflow.review import models, repository, workflow
from orderflow.review.api.paging import seq_after
from orderflow.review.api.rounds import visible_round
from orderflow.review.domain.round import IllegalDecisionError
from orderflow.review.schemas import (
    DecisionCreate,
    HeldCheckPage,
    HeldCheckPublic,
    ReasonPublic,
    RoundPublic,
)
from orderflow.runtime.db import as_utc
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    PrincipalDep,
    ProblemError,
    check_if_match,
    encode_cursor,
    etag_for,
    problem_responses,
    set_etag,
)

router = APIRouter(tags=["decisions"])


def decider_of(principal: Principal, department: Department) -> Principal:
    """Only a person holding `review:<department>:decide` decides for that department (403)."""
    scope = f"review:{department.value}:decide"
    if scope not in principal.scopes:
        raise ProblemError(
            403,
            "insufficient-scope",
            "Insufficient scope",
            f"this action needs the scope(s): {scope}",
            missing_scopes=[scope],
        )
    return principal


@router.get(
    "/decisions/pending", response_model=HeldCheckPage, responses=problem_responses(400, 401, 403)
)
async def pending_decisions(
    department: Department,
    session: SessionDep,
    principal: PrincipalDep,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> HeldCheckPage:
    """The department's checks waiting for a person, oldest round first."""
    decider_of(principal, department)
    query = repository.held_query(department).add_columns(models.rounds.c.seq)
    after = seq_after(cursor)
    if after is not None:
        query = query.where(models.rounds.c.seq > after)
    rows = (await session.execute(query.order_by(models.rounds.c.seq).limit(limit + 1))).all()
    items = []
    for row in rows[:limit]:
        the_round = repository.ROUND.validate_python(row.state)
        check = the_round.check(department)
        items.append(
            HeldCheckPublic(
                round_id=the_round.round_id,
                order_id=the_round.order_id,
                kind=the_round.kind.value,
                revision=the_round.revision,
                department=department.value,
                held_since=as_utc(row.held_since),
                due_at=as_utc(row.due_at),
                reasons=[ReasonPublic.of(r) for r in (check.reasons if check else ())],
                round_etag=etag_for(row.version),
            )
        )
    more = len(rows) > limit
    return HeldCheckPage(
        items=items, next_cursor=encode_cursor(str(rows[limit - 1].seq)) if more else None
    )


@router.post(
    "/rounds/{round_id}/decisions/{department}",
    response_model=RoundPublic,
    responses=problem_responses(400, 401, 403, 404, 409, 412, 428),
)
async def decide(
    round_id: UUID,
    department: Department,
    body: DecisionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: PrincipalDep,
    now: NowDep,
) -> RoundPublic:
    """Approve or reject a held check; who and when are recorded (R-3.1, R-3.3)."""
    decider_of(principal, department)
    async with session.begin():
        the_round, version = await visible_round(session, round_id, principal)
        check_if_match(request, version)
        try:
            decided, new_version = await workflow.decide(
                session,
                the_round,
                version,
                department,
                body.reason(department),
                approve=body.decision == "approve",
                by=principal.subject,
                now=now,
            )
        except IllegalDecisionError as exc:
            raise ProblemError(
                409,
                "illegal-decision",
                "Nothing to decide",
                str(exc),
                round_status=the_round.status,
            ) from None
        except repository.StaleRoundError:
            raise ProblemError(
                412,
                "precondition-failed",
                "Precondition failed",
                "the round changed; read it again",
            ) from None
    set_etag(response, new_version)
    return RoundPublic.of(decided)
