"""Deadlines production keeps: a tentative capacity hold expires (R-3.1)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.production import stopping
from orderflow.runtime.scheduler import Job, JobHandler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    async def on_hold_expired(job: Job, session: AsyncSession) -> None:
        """No decision before the hold ran out: its hours are free again."""
        await stopping.release(session, UUID(job.key), now=state.clock.now())

    return {stopping.HOLD_EXPIRY: on_hold_expired}
