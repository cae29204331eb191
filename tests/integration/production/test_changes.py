"""Change and cancellation impact: rescheduled at what date and cost; stopped at what cost
(R-6.2, R-6.3)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from orderflow.contracts import Envelope, EventPayload, production, review
from orderflow.contracts.types import Money, MoneyDelta, RoundKind, Verdict, WorkState
from tests.integration.production.shop import (
    FLOOR,
    answers,
    approved,
    chair,
    fulfilled,
    requested,
    stock,
    work_center,
)
from tests.integration.production.test_assessments import held_hours_per_day
from tests.support.service_app import RunningService, running_service
from tests.unit.production.builders import order

pytestmark = pytest.mark.integration
DUE = date(2026, 1, 30)


async def _plan(svc: RunningService) -> tuple[dict[str, Any], Envelope[EventPayload]]:
    wc = await work_center(svc, hours="8", rate="40")
    oak = {"item_code": "OAK-20", "quantity_per_unit": "2", "unit": "kg", "unit_cost": "25"}
    await chair(svc, ("assemble", wc, "2"), materials=[oak])
    await svc.deliver(stock("OAK-20", "500"))
    snapshot = order(("CHAIR", "10"), requested=DUE)
    review_round = requested(snapshot)
    await svc.deliver(review_round)
    await svc.deliver(approved(review_round))
    listed = await svc.client.get("/v1/plans", headers=svc.auth(*FLOOR))
    [summary] = listed.json()["items"]
    assert review_round.order_id is not None
    await svc.deliver(fulfilled(summary["id"], review_round.order_id))
    plan = await svc.client.get(f"/v1/plans/{summary['id']}", headers=svc.auth(*FLOOR))
    return plan.json(), review_round


async def test_cancelling_partly_done_work_costs_hours_times_rate_plus_materials(
    tmp_path: Path,
) -> None:
    """R-6.3: partly done → cost incurred (hours × rate + materials consumed), then stopped."""
    async with running_service("production", tmp_path) as svc:
        plan, review_round = await _plan(svc)
        [task] = plan["tasks"]
        reported = await svc.client.post(
            f"/v1/tasks/{task['id']}/progress",
            json={"quantity_done": "4", "hours_worked": "6"},
            headers={**svc.auth(*FLOOR), "If-Match": '"1"'},
        )
        assert reported.status_code == 200, reported.text
        snapshot = review_round.narrow(review.AssessmentRequested).payload.order
        cancel = requested(snapshot, order_id=review_round.order_id, kind=RoundKind.CANCELLATION)
        await svc.deliver(cancel)
        answer = (await answers(svc))[-1]
        assert answer.result.verdict is Verdict.PASS
        impact = answer.impact
        assert impact is not None
        assert impact.work_state is WorkState.PARTLY_DONE
        # 6 h × 40 + 4 of 10 chairs started × (10 × 2 kg × 25)
        assert impact.cost_incurred == Money(amount=Decimal("440.00"), currency="EUR")

        await svc.deliver(approved(cancel))
        [stopped] = await svc.published("production.stopped")
        payload = stopped.narrow(production.ProductionStopped).payload
        assert (payload.work_state, payload.hours_worked) == (WorkState.PARTLY_DONE, Decimal(6))
        assert payload.cost_incurred.amount == Decimal("440.00")
        assert await held_hours_per_day(svc) == {}, "capacity released"
        after = await svc.client.get(f"/v1/plans/{plan['id']}", headers=svc.auth(*FLOOR))
        assert after.json()["status"] == "stopped"
        assert after.json()["tasks"][0]["status"] == "cancelled"


async def test_cancelling_before_work_started_stops_at_no_cost(tmp_path: Path) -> None:
    """R-6.3: not started → stopped and capacity released, nothing incurred."""
    async with running_service("production", tmp_path) as svc:
        _, review_round = await _plan(svc)
        snapshot = review_round.narrow(review.AssessmentRequested).payload.order
        cancel = requested(snapshot, order_id=review_round.order_id, kind=RoundKind.CANCELLATION)
        await svc.deliver(cancel)
        impact = (await answers(svc))[-1].impact
        assert impact is not None
        assert impact.work_state is WorkState.NOT_STARTED
        await svc.deliver(approved(cancel))
        [stopped] = await svc.published("production.stopped")
        assert stopped.payload.cost_incurred.amount == 0  # type: ignore[attr-defined]
        assert await held_hours_per_day(svc) == {}


async def test_a_change_is_rescheduled_with_its_new_date_and_extra_cost(tmp_path: Path) -> None:
    """R-6.2: can the change be rescheduled, at what cost and date."""
    async with running_service("production", tmp_path) as svc:
        _, review_round = await _plan(svc)
        before = (await answers(svc))[0].earliest_completion_date
        current = review_round.narrow(review.AssessmentRequested).payload.order
        bigger = order(("CHAIR", "15"), requested=DUE, version=2)
        change = requested(
            current, order_id=review_round.order_id, kind=RoundKind.CHANGE, proposed=bigger
        )
        await svc.deliver(change)
        answer = (await answers(svc))[-1]
        assert answer.result.verdict is Verdict.PASS
        impact = answer.impact
        assert impact is not None
        assert before is not None
        assert impact.new_completion_date is not None
        assert impact.new_completion_date > before
        # 5 more chairs × (2 h × 40 labour + 2 kg × 25 oak)
        assert impact.cost_delta == MoneyDelta(amount=Decimal("650.00"), currency="EUR")

        too_big = order(("CHAIR", "200"), requested=DUE, version=3)
        await svc.deliver(
            requested(
                current, order_id=review_round.order_id, kind=RoundKind.CHANGE, proposed=too_big
            )
        )
        refused = (await answers(svc))[-1]
        assert refused.result.verdict is Verdict.FAIL
        assert refused.capacity_shortfalls


async def test_an_approved_change_revises_the_plan_keeping_progress_and_booking_new_hours(
    tmp_path: Path,
) -> None:
    """R-6.2: the order then runs to the new requirements; work done stays done."""
    async with running_service("production", tmp_path) as svc:
        plan, review_round = await _plan(svc)
        [task] = plan["tasks"]
        await svc.client.post(
            f"/v1/tasks/{task['id']}/progress",
            json={"quantity_done": "4", "hours_worked": "8"},
            headers={**svc.auth(*FLOOR), "If-Match": '"1"'},
        )
        current = review_round.narrow(review.AssessmentRequested).payload.order
        bigger = order(("CHAIR", "15"), requested=DUE, version=2)
        change = requested(
            current, order_id=review_round.order_id, kind=RoundKind.CHANGE, proposed=bigger
        )
        await svc.deliver(change)
        assert sum((await held_hours_per_day(svc)).values()) == 20 + 30, "old and new both held"
        await svc.deliver(approved(change))

        [revised] = await svc.published("production_plan.revised")
        payload = revised.narrow(production.ProductionPlanRevised).payload
        assert (payload.plan_id, payload.order_version) == (uuid.UUID(plan["id"]), 2)
        [need] = payload.material_requirements
        assert need.quantity == Decimal(30)
        after = await svc.client.get(f"/v1/plans/{plan['id']}", headers=svc.auth(*FLOOR))
        shown = after.json()
        assert (shown["order_version"], shown["quantity"]) == (2, "15.000")
        assert shown["planned_completion_date"] == str(payload.planned_completion_date)
        [kept] = shown["tasks"]
        assert (kept["id"], kept["quantity"], kept["quantity_done"]) == (
            task["id"],
            "15.000",
            "4.000",
        )
        assert sum((await held_hours_per_day(svc)).values()) == 30, (
            "only the new schedule is booked"
        )
