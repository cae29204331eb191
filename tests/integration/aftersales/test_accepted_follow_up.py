"""An accepted order gets a follow-up visit, after which intake closes it (R-7.5, DESIGN §4)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.aftersales.support import (
    acceptance_of,
    customer,
    deliver_order,
    matching,
    payloads,
    staff,
)
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_a_passed_acceptance_schedules_the_orders_follow_up(tmp_path: Path) -> None:
    """R-7.5: every item passed → `follow_up.scheduled` for the order, due after the setting."""
    async with running_service("aftersales", tmp_path, follow_up_after_days=5) as svc:
        order_id = await deliver_order(svc)
        read = await acceptance_of(svc, order_id)
        passed = await svc.client.post(
            f"/v1/acceptances/{read.json()['id']}/results",
            json={"items": [{"item_no": 1, "passed": True}, {"item_no": 2, "passed": True}]},
            headers=matching(read, customer(svc)),
        )
        assert passed.json()["status"] == "passed", passed.text

        (scheduled,) = await payloads(svc, "follow_up.scheduled")
        assert scheduled["order_id"] == str(order_id)
        assert scheduled["claim_id"] is None
        assert scheduled["ticket_id"] is None
        due = (svc.clock.now() + timedelta(days=5)).date().isoformat()
        follow_ups = (await svc.client.get("/v1/follow-ups", headers=staff(svc))).json()["items"]
        assert [(f["order_id"], f["due_on"]) for f in follow_ups] == [(str(order_id), due)]


async def test_an_auto_accepted_order_is_followed_up_too(tmp_path: Path) -> None:
    """R-5.6, R-7.5: the deadline lapses → auto-accepted, and the order gets its follow-up."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        await acceptance_of(svc, order_id)
        svc.clock.advance(timedelta(days=30))
        assert await svc.run_due_jobs() == 1

        assert len(await payloads(svc, "acceptance.auto_accepted")) == 1
        (scheduled,) = await payloads(svc, "follow_up.scheduled")
        assert scheduled["order_id"] == str(order_id)
