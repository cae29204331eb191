"""The outbox relay: publish staged events in order per key, mark them sent, never lose one."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from orderflow.runtime import outbox_signal
from orderflow.runtime.db import as_utc, is_sqlite
from orderflow.runtime.messages import Message
from orderflow.runtime.tables import outbox

log = logging.getLogger(__name__)


class PublishDeferredError(Exception):
    """The bus cannot take messages right now (starting or stopping): retry, not an error."""


class Publisher(Protocol):
    """A bus's sending side: returns only when every message is durably accepted, else raises."""

    async def publish(self, messages: Sequence[Message]) -> None: ...


def deliverable_prefix(claimed: Sequence[Any], unsent: Sequence[Any]) -> list[Any]:
    """Keep, per key, the claimed rows up to the first unsent row someone else holds.

    Another relay may hold an earlier row of the same key (SKIP LOCKED skipped it); sending a
    later one first would break the per-order order consumers rely on.
    """
    mine = {row.id for row in claimed}
    blocked: set[str] = set()
    allowed: set[int] = set()
    for row in unsent:  # ascending id
        if row.message_key in blocked:
            continue
        if row.id in mine:
            allowed.add(row.id)
        else:
            blocked.add(row.message_key)
    return [row for row in claimed if row.id in allowed]


class OutboxRelay:
    """Polls the outbox, publishes a batch, marks it sent in the claiming transaction."""

    def __init__(
        self,
        engine: AsyncEngine,
        publisher: Publisher,
        *,
        batch_size: int = 200,
        poll_seconds: float = 0.1,
        max_backoff_seconds: float = 5.0,
        on_published: Callable[[str, int], None] | None = None,
    ) -> None:
        self._engine = engine
        self._publisher = publisher
        self._batch_size = batch_size
        self._poll = poll_seconds
        self._max_backoff = max_backoff_seconds
        self._on_published = on_published
        # Set by a commit that staged events (in this process); the poll covers the rest.
        self._wake = asyncio.Event()

    async def run(self) -> None:
        """Publish until cancelled; failures back off exponentially and are retried."""
        outbox_signal.on_commit(self._engine.sync_engine, self._wake.set)
        failures = 0
        while True:
            self._wake.clear()  # a commit from here on wakes the wait below
            try:
                sent = await self.run_once()
                failures = 0
            except PublishDeferredError as exc:
                failures += 1
                log.info("outbox publish deferred: %s", exc)
                await asyncio.sleep(min(self._max_backoff, self._poll * 2**failures))
                continue
            except Exception:
                failures += 1
                log.warning("outbox publish failed (attempt %s)", failures, exc_info=True)
                await asyncio.sleep(min(self._max_backoff, self._poll * 2**failures))
                continue
            if sent < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll)

    async def run_once(self) -> int:
        """Publish one batch; returns how many events were sent."""
        if is_sqlite(self._engine):
            rows = await self._run_unlocked()
        else:
            rows = await self._run_locked()
        if self._on_published is not None:
            for event_type, count in Counter(row.event_type for row in rows).items():
                self._on_published(event_type, count)
        return len(rows)

    async def _run_locked(self) -> list[Any]:
        # PostgreSQL: rows stay locked (SKIP LOCKED for other relays) until marked sent.
        async with self._engine.connect() as conn:
            tx = await conn.begin()
            rows: list[Any] = []
            try:
                rows = await self._claim(conn)
                if rows:
                    await self._publisher.publish([_message(row) for row in rows])
                    await self._mark_sent(conn, rows)
                await tx.commit()
            except BaseException as exc:
                await tx.rollback()
                await self._record_failure(conn, rows, exc)
                raise
        return rows

    async def _run_unlocked(self) -> list[Any]:
        # SQLite has one relay per file and one writer: never hold the write lock while a
        # subscriber (which may write another service's file) runs, or two relays deadlock.
        async with self._engine.connect() as conn:
            async with conn.begin():
                rows = await self._claim(conn)
            if not rows:
                return rows
            try:
                await self._publisher.publish([_message(row) for row in rows])
            except BaseException as exc:
                await self._record_failure(conn, rows, exc)
                raise
            async with conn.begin():
                await self._mark_sent(conn, rows)
        return rows

    async def _mark_sent(self, conn: AsyncConnection, rows: list[Any]) -> None:
        await conn.execute(
            update(outbox)
            .where(outbox.c.id.in_([row.id for row in rows]))
            .values(sent_at=datetime.now(UTC), attempts=outbox.c.attempts + 1)
        )

    async def _claim(self, conn: AsyncConnection) -> list[Any]:
        query = (
            select(outbox)
            .where(outbox.c.sent_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self._batch_size)
        )
        if not is_sqlite(self._engine):  # SQLite has one writer; BEGIN IMMEDIATE already locks
            query = query.with_for_update(skip_locked=True)
        claimed = list((await conn.execute(query)).all())
        if not claimed:
            return []
        keys = {row.message_key for row in claimed}
        unsent = (
            await conn.execute(
                select(outbox.c.id, outbox.c.message_key)
                .where(outbox.c.sent_at.is_(None))
                .where(outbox.c.message_key.in_(keys))
                .where(outbox.c.id <= claimed[-1].id)
                .order_by(outbox.c.id)
            )
        ).all()
        return deliverable_prefix(claimed, unsent)

    async def _record_failure(
        self, conn: AsyncConnection, rows: list[Any], exc: BaseException
    ) -> None:
        if not rows or not isinstance(exc, Exception):
            return
        async with conn.begin():
            await conn.execute(
                update(outbox)
                .where(outbox.c.id.in_([row.id for row in rows]))
                .values(attempts=outbox.c.attempts + 1, last_error=repr(exc)[:2000])
            )

    async def oldest_unsent_age(self) -> float | None:
        """Seconds since the oldest unsent event was staged, or None when all are sent."""
        async with self._engine.connect() as conn:
            oldest: datetime | None = await conn.scalar(
                select(func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
            )
        if oldest is None:
            return None
        return max(0.0, (datetime.now(UTC) - as_utc(oldest)).total_seconds())


def _message(row: Any) -> Message:
    headers = tuple((k, str(v).encode()) for k, v in sorted(row.headers.items()))
    return Message(topic=row.topic, key=row.message_key, value=row.value, headers=headers)
