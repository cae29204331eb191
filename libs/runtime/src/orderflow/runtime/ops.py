"""Operator endpoints every service has: see dead letters and retry them once fixed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select

from orderflow.runtime.consumer import EventConsumer, Outcome
from orderflow.runtime.messages import Message
from orderflow.runtime.tables import dead_letters
from orderflow.runtime.web import auth
from orderflow.runtime.web.openapi import problem_responses
from orderflow.runtime.web.paging import MAX_PAGE
from orderflow.runtime.web.problems import ProblemError


class DeadLetterPublic(BaseModel):
    id: int
    consumer: str
    topic: str
    event_type: str | None
    error: str
    failed_at: datetime


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]] = Field(
        min_length=1, max_length=500, description="dead-letter ids to retry"
    )


class RetryResult(BaseModel):
    id: int
    outcome: Outcome


def ops_router(service: str) -> APIRouter:
    """`/v1/ops/dead-letters`: guarded by the `<service>:ops` scope."""
    router = APIRouter(prefix="/v1/ops", tags=["ops"], responses=problem_responses(401, 403, 422))
    operator = auth.require_scopes(f"{service}:ops")

    @router.get("/dead-letters", dependencies=[operator])
    async def list_dead_letters(
        request: Request, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50
    ) -> list[DeadLetterPublic]:
        """Messages this service's consumer gave up on, newest first, with the error."""
        state = request.app.state.service
        async with state.sessions() as session:
            rows = (
                await session.execute(
                    select(dead_letters).order_by(dead_letters.c.id.desc()).limit(limit)
                )
            ).all()
        return [
            DeadLetterPublic(
                id=row.id,
                consumer=row.consumer,
                topic=row.topic,
                event_type=row.headers.get("event_type"),
                error=row.error,
                failed_at=row.failed_at,
            )
            for row in rows
        ]

    @router.post(
        "/dead-letters/retry", dependencies=[operator], responses=problem_responses(404, 409)
    )
    async def retry_dead_letters(request: Request, body: RetryRequest) -> list[RetryResult]:
        """Hand each message to the consumer again; a processed one leaves the list."""
        state = request.app.state.service
        consumer: EventConsumer | None = state.consumer
        if consumer is None:
            raise ProblemError(409, "no-consumer", "This service consumes no events")
        results = []
        for letter_id in body.ids:
            async with state.sessions() as session:
                row = (
                    await session.execute(
                        select(dead_letters).where(dead_letters.c.id == letter_id)
                    )
                ).first()
            if row is None:
                raise ProblemError(404, "not-found", "No such dead letter", f"id {letter_id}")
            outcome = await consumer.handle(_message(row), dead_letter=False)
            if outcome is not Outcome.DEAD_LETTERED:
                async with state.sessions() as session, session.begin():
                    await session.execute(
                        delete(dead_letters).where(dead_letters.c.id == letter_id)
                    )
            results.append(RetryResult(id=letter_id, outcome=outcome))
        return results

    return router


def _message(row: object) -> Message:
    headers = tuple((k, str(v).encode()) for k, v in row.headers.items())  # type: ignore[attr-defined]
    return Message(topic=row.topic, key=row.message_key, value=row.value, headers=headers)  # type: ignore[attr-defined]
