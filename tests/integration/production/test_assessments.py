"""Production answers review rounds from free capacity and the availability replica, and
holds the hours it promises until a decision (R-3.1, R-3.2, R-3.3)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from orderflow.contracts import Envelope, EventPayload, production
from orderflow.contracts.types import Verdict
from orderflow.production import models
from tests.integration.production.shop import (
    FLOOR,
    answers,
    approved,
    chair,
    requested,
    stock,
    withdrawn,
    work_center,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.production.builders import order

pytestmark = pytest.mark.integration
FRIDAY = date(2026, 1, 9)  # the manual clock starts on Monday 5 January 2026


async def held_hours_per_day(svc: RunningService) -> dict[date, Decimal]:
    lines = models.capacity_hold_lines
    query = (
        select(lines.c.day, func.sum(lines.c.hours))
        .where(lines.c.active.is_(True))
        .group_by(lines.c.day)
    )
    async with svc.state.engine.connect() as conn:
        return {day: Decimal(h) for day, h in (await conn.execute(query)).all()}


async def test_a_pass_holds_the_hours_so_the_next_order_is_told_they_are_short(
    tmp_path: Path,
) -> None:
    """R-3.1: free capacity is what no other order holds; the second order fails with the gap."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        await chair(svc, ("assemble", wc, "4"))
        await svc.deliver(requested(order(("CHAIR", "8"), requested=FRIDAY)))
        await svc.deliver(requested(order(("CHAIR", "1"), requested=FRIDAY)))
        first, second = await answers(svc)
        assert first.result.verdict is Verdict.PASS
        assert first.earliest_completion_date == FRIDAY
        assert first.capacity_hold_id is not None
        assert first.hold_expires_at is not None
        assert second.result.verdict is Verdict.FAIL
        [gap] = second.capacity_shortfalls
        assert (str(gap.work_center_id), gap.day, gap.hours_short) == (wc, FRIDAY, Decimal(4))


async def test_concurrent_assessments_never_promise_the_same_hours(tmp_path: Path) -> None:
    """R-3.1: two orders assessed at once for the last 32 free hours: one passes, one fails."""
    async with running_service("production", tmp_path) as svc:
        await _race(svc)


async def _race(svc: RunningService) -> None:
    wc = await work_center(svc, hours="8")
    await chair(svc, ("assemble", wc, "4"))
    rounds = [requested(order(("CHAIR", "8"), requested=FRIDAY)) for _ in range(2)]
    await asyncio.gather(*(svc.deliver(r) for r in rounds))
    verdicts = sorted(a.result.verdict.value for a in await answers(svc))
    assert verdicts == ["fail", "pass"]
    held = await held_hours_per_day(svc)
    assert sum(held.values()) == 32
    assert all(hours <= 8 for hours in held.values()), held


@pytest.mark.parametrize("closing", ["withdrawn", "expired"])
async def test_a_withdrawn_or_expired_hold_frees_its_hours(tmp_path: Path, closing: str) -> None:
    """R-3.1, R-6.3: rejection, cancellation or expiry releases the tentative hold."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        await chair(svc, ("assemble", wc, "4"))
        first = requested(order(("CHAIR", "8"), requested=FRIDAY))
        await svc.deliver(first)
        if closing == "withdrawn":
            await svc.deliver(withdrawn(first))
        else:
            svc.clock.advance(timedelta(hours=71))
            assert await svc.run_due_jobs() == 0, "the hold lasts 72 hours"
            assert sum((await held_hours_per_day(svc)).values()) == 32
            svc.clock.advance(timedelta(hours=2))
            assert await svc.run_due_jobs() == 1
        assert await held_hours_per_day(svc) == {}
        later = FRIDAY + timedelta(days=7)
        await svc.deliver(requested(order(("CHAIR", "8"), requested=later)))
        assert (await answers(svc))[-1].result.verdict is Verdict.PASS
        await svc.deliver(approved(first))
        await _planned_late(svc, first)


async def _planned_late(svc: RunningService, first: Envelope[EventPayload]) -> None:
    """R-3.1, R-4.1: an approved order whose hours were taken is never lost: it is planned
    into the next free hours, visibly late (plan at risk, a capacity problem raised)."""
    [event] = await svc.published("production_plan.created")
    assert event.order_id == first.order_id
    created = event.narrow(production.ProductionPlanCreated).payload
    assert created.planned_completion_date > FRIDAY, "after the requested date"
    [raised] = await svc.published("production_problem.raised")
    assert raised.order_id == first.order_id
    problem = raised.narrow(production.ProductionProblemRaised).payload
    assert problem.category is production.ProblemCategory.CAPACITY
    assert problem.schedule_impact_days == (created.planned_completion_date - FRIDAY).days
    url = f"/v1/plans/{created.plan_id}"
    plan = (await svc.client.get(url, headers=svc.auth(*FLOOR))).json()
    assert plan["at_risk"] is True
    assert plan["requested_delivery_date"] == FRIDAY.isoformat()
    assert len(plan["tasks"]) == 1, "tasks assigned as usual"


async def test_materials_come_from_the_replica_of_procurements_availability(tmp_path: Path) -> None:
    """R-3.1: stock plus supplier lead time, as procurement's events said (never its database)."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        oak = {"item_code": "OAK-20", "quantity_per_unit": "2", "unit": "kg", "unit_cost": "12"}
        await chair(svc, ("assemble", wc, "1"), materials=[oak])
        await svc.deliver(requested(order(("CHAIR", "4"), requested=FRIDAY)))
        await svc.deliver(stock("OAK-20", "3", 30))
        await svc.deliver(requested(order(("CHAIR", "4"), requested=FRIDAY)))
        await svc.deliver(stock("OAK-20", "0", 2))
        await svc.deliver(requested(order(("CHAIR", "4"), requested=FRIDAY)))
        never_heard, too_slow, bought_in_time = await answers(svc)
        assert never_heard.material_shortfalls[0].quantity_short == Decimal(8)
        assert too_slow.result.verdict is Verdict.FAIL
        [short] = too_slow.material_shortfalls
        assert (short.item_code, short.quantity_short, short.unit) == ("OAK-20", Decimal(5), "kg")
        assert bought_in_time.result.verdict is Verdict.PASS
        assert bought_in_time.earliest_completion_date == date(2026, 1, 7), "waits for delivery"


async def test_a_custom_product_waits_for_a_person_and_holds_nothing(tmp_path: Path) -> None:
    """R-3.1, R-2.5: needs-a-person for a custom product."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        await chair(svc, ("assemble", wc, "1"))
        request = requested(order(("CHAIR", "1"), requested=FRIDAY, custom=True))
        await svc.deliver(request)
        [answer] = await answers(svc)
        assert answer.result.verdict is Verdict.NEEDS_PERSON
        assert answer.result.reasons[0].rule == "custom-product"
        assert await held_hours_per_day(svc) == {}

        await svc.deliver(approved(request))
        [created] = await svc.published("production_plan.created")
        assert created.order_id == request.order_id, "a person's pass is planned into free hours"
        assert sum((await held_hours_per_day(svc)).values()) == 1


async def test_an_approval_after_the_hold_expired_schedules_into_hours_still_free(
    tmp_path: Path,
) -> None:
    """R-3.1, R-4.1: the hold ran out but nobody took the hours: the approved order is planned."""
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc, hours="8")
        await chair(svc, ("assemble", wc, "4"))
        first = requested(order(("CHAIR", "8"), requested=FRIDAY))
        await svc.deliver(first)
        svc.clock.advance(timedelta(hours=73))
        assert await svc.run_due_jobs() == 1
        assert await held_hours_per_day(svc) == {}
        svc.clock.set(svc.clock.now() - timedelta(hours=73))  # approval arrives, same week
        await svc.deliver(approved(first))
        [created] = await svc.published("production_plan.created")
        assert created.order_id == first.order_id
        assert sum((await held_hours_per_day(svc)).values()) == 32
        await svc.deliver(approved(first))
        assert len(await svc.published("production_plan.created")) == 1, "planned once"


async def test_on_postgresql_and_kafka_concurrent_assessments_never_double_book(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-3.1 on the real parts: row locks on the work centers serialise the two schedules."""
    async with running_service(
        "production", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        await _race(svc)
