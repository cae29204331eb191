"""Deadlines procurement keeps: a purchase order's expected date passing (R-4.6)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.procurement.events import Emit
from orderflow.procurement.flows import delays
from orderflow.procurement.flows.purchasing import OVERDUE_JOB
from orderflow.runtime.scheduler import Job, JobHandler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    async def on_overdue(job: Job, session: AsyncSession) -> None:
        """Nothing arrived by the expected date: raise a supplier delay."""
        emit = Emit(state.clock.now())
        await delays.check_overdue(session, UUID(job.payload["purchase_order_id"]), emit)

    return {OVERDUE_JOB: on_overdue}
