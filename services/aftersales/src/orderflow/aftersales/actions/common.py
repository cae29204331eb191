"""What every use case shares: staging domain events in the outbox, and the settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales.settings import AftersalesSettings
from orderflow.contracts import Envelope, EventPayload
from orderflow.runtime import outbox
from orderflow.runtime.service import ServiceState


async def publish(
    session: AsyncSession,
    payloads: Sequence[EventPayload],
    *,
    order_id: str | None = None,
    subject: str | None = None,
    actor: str | None = None,
    causation: Envelope[EventPayload] | None = None,
    now: datetime | None = None,
) -> None:
    """Stage events about one order (or one `kind:id` subject) in this transaction."""
    await outbox.add(
        session,
        *(
            Envelope.new(
                payload,
                order_id=UUID(order_id) if order_id and not subject else None,
                subject=subject,
                actor=actor,
                causation=causation,
                occurred_at=now,
            )
            for payload in payloads
        ),
    )


def settings_of(state: ServiceState) -> AftersalesSettings:
    settings = state.settings
    assert isinstance(settings, AftersalesSettings)
    return settings
