"""Persisted deadlines: a job is written with the business change and runs once when due.

Acceptance windows, response SLAs, round timeouts and capacity holds live in the service's
own database (`scheduled_jobs`), so a restart loses none; a job's effect and its `done`
mark commit together, so none runs twice. Tests drive time with `ManualClock`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from orderflow.contracts import Envelope, EventPayload, registry
from orderflow.runtime.clock import Clock
from orderflow.runtime.db import is_sqlite, session_factory
from orderflow.runtime.tables import scheduled_jobs

log = logging.getLogger(__name__)

PENDING, DONE, CANCELLED, FAILED = "pending", "done", "cancelled", "failed"


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    key: str
    due_at: datetime
    payload: dict[str, Any]


JobHandler = Callable[[Job, AsyncSession], Awaitable[None]]
"""Runs a due job inside the transaction that marks it done."""


async def schedule(
    session: AsyncSession,
    kind: str,
    key: str,
    due_at: datetime,
    payload: Mapping[str, Any] | None = None,
    *,
    now: datetime,
) -> None:
    """Arm (or re-arm) the job `(kind, key)` for `due_at`, in the caller's transaction."""
    values = {
        "kind": kind,
        "key": key,
        "due_at": due_at,
        "payload": dict(payload or {}),
        "status": PENDING,
        "attempts": 0,
        "created_at": now,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(scheduled_jobs).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"due_at": due_at, "payload": values["payload"], "status": PENDING, "attempts": 0},
    )
    await session.execute(statement)


async def cancel(session: AsyncSession, kind: str, key: str, *, now: datetime) -> bool:
    """Disarm a pending job; False if there was none (already run or never armed)."""
    result = await session.execute(
        update(scheduled_jobs)
        .where(scheduled_jobs.c.kind == kind, scheduled_jobs.c.key == key)
        .where(scheduled_jobs.c.status == PENDING)
        .values(status=CANCELLED, finished_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_all(session: AsyncSession, kind: str, key_prefix: str, *, now: datetime) -> int:
    """Disarm every pending job of `kind` whose key starts with `key_prefix`; how many."""
    result = await session.execute(
        update(scheduled_jobs)
        .where(scheduled_jobs.c.kind == kind)
        .where(scheduled_jobs.c.key.startswith(key_prefix, autoescape=True))
        .where(scheduled_jobs.c.status == PENDING)
        .values(status=CANCELLED, finished_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def retry_event(
    session: AsyncSession,
    kind: str,
    event: Envelope[EventPayload],
    *,
    tries: int,
    now: datetime,
    key_prefix: str = "",
    max_delay_seconds: float = 30.0,
) -> None:
    """Hand `event` back later to the `kind` job: for an event that overtook what it needs
    (events on different partitions arrive in any order), in the caller's transaction.

    The wait is 0.5 s doubling to `max_delay_seconds`. Each try is its own job, keyed
    `<key_prefix><event id>:<try>`: a job runs once, and re-arming a job from its own run
    would be undone when the run marks it done. `cancel_all(kind, key_prefix)` disarms them.
    """
    due = now + timedelta(seconds=min(max_delay_seconds, 0.5 * 2 ** min(tries, 10)))
    payload = {"event": event.to_bytes().decode(), "tries": tries + 1}
    key = f"{key_prefix}{event.event_id}:{tries + 1}"
    await schedule(session, kind, key, due, payload, now=now)


def retried_event(job: Job) -> tuple[Envelope[EventPayload], int]:
    """The event a `retry_event` job hands back, and how many tries it has had."""
    return registry.decode(str(job.payload["event"]).encode()), int(job.payload["tries"])


class Scheduler:
    """Runs due jobs by kind; failures back off and, after `max_attempts`, stay `failed`."""

    def __init__(
        self,
        engine: AsyncEngine,
        handlers: Mapping[str, JobHandler],
        clock: Clock,
        *,
        poll_seconds: float = 1.0,
        max_attempts: int = 5,
        batch_size: int = 50,
    ) -> None:
        self._engine = engine
        self._sessions = session_factory(engine)
        self._handlers = handlers
        self._clock = clock
        self._poll = poll_seconds
        self._max_attempts = max_attempts
        self._batch = batch_size

    async def run(self) -> None:
        while True:
            try:
                ran = await self.run_due()
            except Exception:
                log.warning("scheduler pass failed", exc_info=True)
                ran = 0
            if ran < self._batch:
                await asyncio.sleep(self._poll)

    async def run_due(self) -> int:
        """Run every job due now (once each); returns how many finished."""
        async with self._engine.connect() as conn:
            due = (
                (
                    await conn.execute(
                        select(scheduled_jobs.c.id)
                        .where(scheduled_jobs.c.status == PENDING)
                        .where(scheduled_jobs.c.due_at <= self._clock.now())
                        .where(scheduled_jobs.c.kind.in_(list(self._handlers)))
                        .order_by(scheduled_jobs.c.due_at)
                        .limit(self._batch)
                    )
                )
                .scalars()
                .all()
            )
        done = 0
        for job_id in due:
            done += await self._run_one(job_id)
        return done

    async def _run_one(self, job_id: int) -> int:
        try:
            async with self._sessions() as session, session.begin():
                query = select(scheduled_jobs).where(
                    scheduled_jobs.c.id == job_id, scheduled_jobs.c.status == PENDING
                )
                if not is_sqlite(self._engine):  # another replica may be running it
                    query = query.with_for_update(skip_locked=True)
                row = (await session.execute(query)).first()
                if row is None:
                    return 0
                job = Job(row.id, row.kind, row.key, row.due_at, dict(row.payload))
                await self._handlers[row.kind](job, session)
                await session.execute(
                    update(scheduled_jobs)
                    .where(scheduled_jobs.c.id == job_id)
                    .values(status=DONE, finished_at=self._clock.now())
                )
            return 1
        except Exception as exc:
            await self._record_failure(job_id, exc)
            return 0

    async def _record_failure(self, job_id: int, exc: Exception) -> None:
        log.warning("scheduled job %s failed", job_id, exc_info=True)
        async with self._sessions() as session, session.begin():
            row = (
                await session.execute(select(scheduled_jobs).where(scheduled_jobs.c.id == job_id))
            ).first()
            if row is None:
                return
            attempts = row.attempts + 1
            now = self._clock.now()
            await session.execute(
                update(scheduled_jobs)
                .where(scheduled_jobs.c.id == job_id)
                .values(
                    attempts=attempts,
                    last_error=f"{type(exc).__name__}: {exc}"[:2000],
                    status=FAILED if attempts >= self._max_attempts else PENDING,
                    due_at=now + timedelta(seconds=min(300, 2**attempts)),
                    finished_at=now if attempts >= self._max_attempts else None,
                )
            )
