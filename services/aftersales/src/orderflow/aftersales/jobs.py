"""What happens when a deadline passes: acceptance lapses, ticket deadlines breach."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.aftersales.actions import acceptances, tickets
from orderflow.aftersales.actions.common import settings_of
from orderflow.contracts.aftersales import SlaDeadline as Deadline
from orderflow.runtime.scheduler import Job, JobHandler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    async def acceptance_deadline(job: Job, session: AsyncSession) -> None:
        """No complete report by the deadline: accepted automatically (R-5.6)."""
        await acceptances.lapse(
            session,
            job.key,
            follow_up_after_days=settings_of(state).follow_up_after_days,
            now=state.clock.now(),
        )

    def ticket_deadline(deadline: Deadline) -> JobHandler:
        async def breached(job: Job, session: AsyncSession) -> None:
            """First response or resolution not in time: the ticket shows it (R-7.3)."""
            await tickets.breach(session, job.key, deadline, now=state.clock.now())

        return breached

    return {
        acceptances.DEADLINE_JOB: acceptance_deadline,
        **{kind: ticket_deadline(deadline) for deadline, kind in tickets.JOBS.items()},
    }
