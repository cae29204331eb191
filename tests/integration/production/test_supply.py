"""Procurement's word on a plan's materials: ready → production proceeds; delayed → at risk
(R-4.4, R-4.6)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from orderflow.contracts import production
from tests.integration.production.shop import (
    FLOOR,
    approved,
    chair,
    delay,
    fulfilled,
    requested,
    stock,
    work_center,
)
from tests.support.service_app import running_service
from tests.unit.production.builders import order

pytestmark = pytest.mark.integration


async def test_the_first_operation_waits_for_materials_and_a_supplier_delay_puts_it_at_risk(
    tmp_path: Path,
) -> None:
    """R-4.4, R-4.6: the plan lists materials; work starts when procurement reserved them."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc)
        oak = {"item_code": "OAK-20", "quantity_per_unit": "2", "unit": "kg", "unit_cost": "25"}
        await chair(svc, ("assemble", wc, "1"), materials=[oak])
        await svc.deliver(stock("OAK-20", "0", 2))
        review_round = requested(order(("CHAIR", "5"), requested=date(2026, 1, 30)))
        assert review_round.order_id is not None
        await svc.deliver(review_round)
        await svc.deliver(approved(review_round))
        [created] = await svc.published("production_plan.created")
        plan = created.narrow(production.ProductionPlanCreated).payload
        [need] = plan.material_requirements
        assert (need.item_code, need.quantity, need.needed_by) == (
            "OAK-20",
            Decimal(10),
            date(2026, 1, 7),
        )
        url = f"/v1/plans/{plan.plan_id}"
        shown = (await svc.client.get(url, headers=svc.auth(*FLOOR))).json()
        assert (shown["materials_ready"], shown["at_risk"]) == (False, False)
        task_url = f"/v1/tasks/{shown['tasks'][0]['id']}/progress"
        report = {"percent_done": "10", "hours_worked": "1"}
        headers = {**svc.auth(*FLOOR), "If-Match": '"1"'}
        waiting = await svc.client.post(task_url, json=report, headers=headers)
        assert waiting.status_code == 409
        assert waiting.json()["type"].endswith("/materials-not-ready")

        delay_id = uuid.uuid4()
        await svc.deliver(delay(review_round.order_id, delay_id))
        assert (await svc.client.get(url, headers=svc.auth(*FLOOR))).json()["at_risk"] is True
        await svc.deliver(delay(review_round.order_id, delay_id, resolved=True))
        assert (await svc.client.get(url, headers=svc.auth(*FLOOR))).json()["at_risk"] is False

        await svc.deliver(fulfilled(str(plan.plan_id), review_round.order_id))
        assert (await svc.client.get(url, headers=svc.auth(*FLOOR))).json()["materials_ready"]
        proceeds = await svc.client.post(task_url, json=report, headers=headers)
        assert proceeds.status_code == 200, proceeds.text
