"""Reporting archives every event of every producer and projects it into its read models."""

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, event_types
from orderflow.reporting import store
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, Handler]:
    """One handler for every registered event type: the archive misses nothing (R-8.1)."""

    async def on_event(event: Envelope[EventPayload], session: AsyncSession) -> None:
        # Archive and read models in one transaction; an event id already archived is a no-op.
        if await store.archive_event(session, event, state.clock.now()):
            await store.apply(session, event)

    return dict.fromkeys(event_types(), on_event)
