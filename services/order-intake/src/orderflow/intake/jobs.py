"""What happens when a scheduled job of order-intake comes due."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import production
from orderflow.intake import closing, early_plans, handlers
from orderflow.intake.crypto import PiiCipher
from orderflow.intake.partners import outbound
from orderflow.intake.settings import IntakeSettings
from orderflow.intake.webhooks import inbox, mapper
from orderflow.runtime.scheduler import Job, JobHandler, retried_event
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, JobHandler]:
    settings = cast(IntakeSettings, state.settings)
    cipher = PiiCipher.from_settings(settings)

    async def map_delivery(job: Job, session: AsyncSession) -> None:
        """A stored webhook delivery is mapped to an order, after the 2xx was answered."""
        await mapper.map_delivery(session, cipher, settings, job.key, now=state.clock.now())

    async def deliver_to_partner(job: Job, session: AsyncSession) -> None:
        """One attempt of a signed partner delivery; a failure arms the next attempt."""
        delivery_id = str(job.payload["delivery_id"])
        await outbound.attempt(session, cipher, settings, delivery_id, now=state.clock.now())

    async def close_window(job: Job, session: AsyncSession) -> None:
        """The closing window of an accepted order passed (DESIGN §4)."""
        await closing.close_if_still_accepted(session, job.key, now=state.clock.now())

    async def plan_again(job: Job, session: AsyncSession) -> None:
        """A plan that came before its order's approval is applied again (early_plans)."""
        event, tries = retried_event(job)
        plan = event.narrow(production.ProductionPlanCreated)
        await handlers.plan_created(plan, session, state.clock.now(), tries)

    return {
        inbox.MAP_JOB: map_delivery,
        outbound.DELIVER_JOB: deliver_to_partner,
        closing.CLOSE_JOB: close_window,
        early_plans.PLAN_JOB: plan_again,
    }
