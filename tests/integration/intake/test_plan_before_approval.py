"""A production plan applied before its order's approval is not lost (found by the chaos
run, issue 10): intake reads review's and production's topics independently, so after an
outage `production_plan.created` can come first. R-4.1, DESIGN §3."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.intake import events
from tests.integration.intake.test_lifecycle import read, submitted_order
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_a_plan_that_overtakes_the_approval_starts_production_once_approved(
    tmp_path: Path,
) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.plan_created(order_id))  # the plan first
        assert (await read(svc, order_id)).json()["status"] == "under_review"
        svc.clock.advance(timedelta(seconds=1))
        await svc.run_due_jobs()  # still no approval: parked again, nothing moves
        assert (await read(svc, order_id)).json()["status"] == "under_review"
        await svc.deliver(events.approved(order_id))
        assert (await read(svc, order_id)).json()["status"] == "approved"
        svc.clock.advance(timedelta(seconds=2))
        await svc.run_due_jobs()
        order = (await read(svc, order_id)).json()
        assert order["status"] == "in_production"
        assert len(await svc.published("order.production_started")) == 1
        svc.clock.advance(timedelta(minutes=30))
        await svc.run_due_jobs()  # no retry left over: started once
        assert len(await svc.published("order.production_started")) == 1
