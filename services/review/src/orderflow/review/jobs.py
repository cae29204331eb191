"""What happens when a round's deadline passes: escalation (R-3.1, R-9.1)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.review import workflow
from orderflow.runtime.scheduler import Job, JobHandler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    async def round_deadline_passed(job: Job, session: AsyncSession) -> None:
        await workflow.escalate(session, UUID(job.key), now=state.clock.now())

    return {workflow.DEADLINE_JOB: round_deadline_passed}
