"""What happens when a round's deadline passes: escalation (R-3.1, R-9.1); and a submission
that waited for its customer is tried again (waiting.py)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import intake
from orderflow.review import waiting, workflow
from orderflow.runtime.scheduler import Job, JobHandler, retried_event
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    async def round_deadline_passed(job: Job, session: AsyncSession) -> None:
        await workflow.escalate(session, UUID(job.key), now=state.clock.now())

    async def customer_awaited(job: Job, session: AsyncSession) -> None:
        event, tries = retried_event(job)
        await waiting.open_or_wait(
            session, event.narrow(intake.OrderSubmitted), now=state.clock.now(), tries=tries
        )

    return {workflow.DEADLINE_JOB: round_deadline_passed, waiting.WAIT_JOB: customer_awaited}
