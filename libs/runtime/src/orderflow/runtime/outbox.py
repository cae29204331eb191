"""Write events in the same transaction as the state change they describe (DESIGN §3)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, registry
from orderflow.runtime import outbox_signal
from orderflow.runtime.tables import outbox
from orderflow.runtime.web import logging as request_context


def message_headers(event: Envelope[EventPayload]) -> dict[str, str]:
    """Headers that let consumers route and trace without parsing the body."""
    headers = {
        "event_type": event.event_type,
        "event_id": str(event.event_id),
        "correlation_id": str(event.correlation_id),
    }
    parent = event.traceparent or request_context.traceparent.get()
    if parent:  # W3C trace context rides in Kafka headers from the request that caused it
        headers["traceparent"] = parent
    return headers


async def add(session: AsyncSession, *events: Envelope[EventPayload]) -> None:
    """Stage events for publication; they are sent only if the caller's transaction commits."""
    now = datetime.now(UTC)
    rows = [
        {
            "event_id": str(event.event_id),
            "event_type": event.event_type,
            "topic": registry.topic_for(event.producer),
            "message_key": event.key,
            "value": event.to_bytes(),
            "headers": message_headers(event),
            "created_at": now,
            "attempts": 0,
        }
        for event in events
    ]
    if rows:
        await session.execute(outbox.insert(), rows)
        outbox_signal.mark_staged(session.info)  # the relay wakes when this commits
