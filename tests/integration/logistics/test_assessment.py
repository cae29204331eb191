"""Logistics answers review, change and cancellation rounds (R-3.1, R-3.2, R-6.2, R-6.3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from orderflow.contracts import logistics
from orderflow.contracts.ids import uuid7
from orderflow.contracts.types import RoundKind, Verdict, WorkState
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration


async def answers(svc: RunningService) -> list[logistics.DeliveryAssessmentAnswered]:
    return [
        e.narrow(logistics.DeliveryAssessmentAnswered).payload
        for e in await svc.published("delivery_assessment.answered")
    ]


async def test_a_served_order_passes_with_the_cheapest_on_time_plan(svc: RunningService) -> None:
    """R-3.1: place served, ready date + transit by the requested date, cost within the ceiling."""
    carrier_id = await flow.create_carrier(svc)
    await svc.deliver(support.assessment_requested(uuid7(), support.order()))
    [answer] = await answers(svc)
    assert answer.result.verdict is Verdict.PASS
    assert answer.candidate is not None
    assert answer.candidate.carrier_id == carrier_id
    # ready 2026-01-19 (14 days after the clock's 2026-01-05) + 3 days; 50 + 3 units x 10 kg x 1
    assert (answer.candidate.eta, answer.candidate.cost.amount) == (date(2026, 1, 22), Decimal(80))


@pytest.mark.parametrize(
    ("snapshot", "rule", "verdict"),
    [
        (support.order(region="HH"), "destination-not-served", Verdict.FAIL),
        (support.order(requested=date(2026, 1, 21)), "transit-too-long", Verdict.FAIL),
        (support.order(total="799.90"), "cost-over-ceiling", Verdict.FAIL),
        (
            support.order(special_place="Crane needed, unload at gate 4"),
            "special-delivery-place",
            Verdict.NEEDS_PERSON,
        ),
    ],
)
async def test_an_order_logistics_cannot_plan_says_why(
    svc: RunningService, snapshot: object, rule: str, verdict: Verdict
) -> None:
    """R-3.2, R-3.3: the failing rule is named so sales can negotiate."""
    await flow.create_carrier(svc)
    await svc.deliver(support.assessment_requested(uuid7(), snapshot))  # type: ignore[arg-type]
    [answer] = await answers(svc)
    assert answer.result.verdict is verdict
    assert [r.rule for r in answer.result.reasons] == [rule]


async def test_a_change_answer_gives_the_new_arrival_and_extra_cost(svc: RunningService) -> None:
    """R-6.2: a change round is answered with its impact on dates and cost."""
    await flow.create_carrier(svc)
    order_id = uuid7()
    await svc.deliver(support.assessment_requested(order_id, support.order()))
    bigger = support.order(quantity="4")
    await svc.deliver(
        support.assessment_requested(order_id, support.order(), RoundKind.CHANGE, proposed=bigger)
    )
    change = (await answers(svc))[-1]
    assert change.round_kind is RoundKind.CHANGE
    assert change.impact is not None
    assert change.impact.cost_delta is not None
    assert change.impact.cost_delta.amount == 20


async def test_a_cancellation_answer_says_what_has_already_shipped(svc: RunningService) -> None:
    """R-6.3: partly dispatched orders report the shipping cost already incurred."""
    order_id = await flow.ready_order(svc)
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1]), "TRK-C1")
    await flow.plan(svc, order_id, [2])
    await svc.deliver(
        support.assessment_requested(order_id, support.order(), RoundKind.CANCELLATION)
    )
    cancel = (await answers(svc))[-1]
    assert cancel.impact is not None
    assert cancel.impact.work_state is WorkState.PARTLY_DONE
    assert cancel.impact.cost_incurred is not None
    assert cancel.impact.cost_incurred.amount == 62.5
