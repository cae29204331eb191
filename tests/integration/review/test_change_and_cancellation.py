"""Change and cancellation rounds: impact and settlement for order-intake (R-6.2, R-6.3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from orderflow.contracts import Envelope, intake, review
from orderflow.contracts.intake.changes import ChangeKind
from orderflow.contracts.intake.orders import OrderStatus
from orderflow.contracts.types import Impact, Money, MoneyDelta, RoundKind, WorkState
from tests.integration.review.support import (
    D,
    answer,
    customer_registered,
    only_round,
    standard_rules,
    submitted,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.review.builders import order

pytestmark = pytest.mark.integration


async def approved_order(svc: RunningService) -> UUID:
    await standard_rules(svc)
    await svc.deliver(customer_registered())
    order_id = uuid4()
    await svc.deliver(submitted(order_id, order()))
    round_id = UUID((await only_round(svc, order_id))["round_id"])
    for department in (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS):
        await svc.deliver(answer(department, order_id, round_id))
    return order_id


async def test_a_change_round_rechecks_the_proposed_order_and_returns_the_combined_impact(
    tmp_path: Path,
) -> None:
    """R-6.2: departments assess the change; the approval carries new date and cost."""
    async with running_service("review", tmp_path) as svc:
        order_id = await approved_order(svc)
        change_id = uuid4()
        proposed = order(quantity=Decimal(12), version=2)
        requested = intake.OrderChangeRequested(
            change_request_id=change_id,
            kinds=(ChangeKind.QUANTITY,),
            reason="customer needs two more",
            current_version=1,
            proposed=proposed,
        )
        await svc.deliver(Envelope.new(requested, order_id=order_id))
        the_round = await only_round(svc, order_id)
        assert (the_round["kind"], the_round["change_request_id"]) == ("change", str(change_id))
        request = (await svc.published("assessment.requested"))[-1]
        sent = request.narrow(review.AssessmentRequested).payload
        assert sent.proposed == proposed
        assert sent.reason == "customer needs two more"

        round_id = UUID(the_round["round_id"])
        impacts = {
            D.PRODUCTION: Impact(
                new_completion_date=date(2026, 3, 6),
                cost_delta=MoneyDelta(amount=Decimal(80), currency="EUR"),
            ),
            D.PROCUREMENT: Impact(cost_delta=MoneyDelta(amount=Decimal(40), currency="EUR")),
            D.LOGISTICS: Impact(new_completion_date=date(2026, 3, 4)),
        }
        for department, impact in impacts.items():
            await svc.deliver(
                answer(department, order_id, round_id, kind=RoundKind.CHANGE, impact=impact)
            )

        approved = (await svc.published("review_round.approved"))[-1].narrow(review.RoundApproved)
        assert approved.payload.change_request_id == change_id
        assert approved.payload.impact == Impact(
            new_completion_date=date(2026, 3, 6),
            cost_delta=MoneyDelta(amount=Decimal(120), currency="EUR"),
        )


async def test_a_cancellation_round_settles_work_already_done(tmp_path: Path) -> None:
    """R-6.3: production partly done with its cost, the others not started → stopped."""
    async with running_service("review", tmp_path) as svc:
        order_id = await approved_order(svc)
        cancellation_id = uuid4()
        requested = intake.OrderCancellationRequested(
            from_status=OrderStatus.IN_PRODUCTION,
            to_status=OrderStatus.CANCELLING,
            cancellation_request_id=cancellation_id,
            reason="project cancelled",
        )
        await svc.deliver(Envelope.new(requested, order_id=order_id))
        the_round = await only_round(svc, order_id)
        assert the_round["kind"] == "cancellation"
        assert [c["department"] for c in the_round["checks"]] == [
            "production",
            "procurement",
            "logistics",
        ]
        round_id = UUID(the_round["round_id"])
        spent = Money(amount=Decimal("420.00"), currency="EUR")
        answers = {
            D.PRODUCTION: Impact(work_state=WorkState.PARTLY_DONE, cost_incurred=spent),
            D.PROCUREMENT: Impact(work_state=WorkState.NOT_STARTED),
            D.LOGISTICS: Impact(work_state=WorkState.NOT_STARTED),
        }
        for department, impact in answers.items():
            await svc.deliver(
                answer(department, order_id, round_id, kind=RoundKind.CANCELLATION, impact=impact)
            )

        approved = (await svc.published("review_round.approved"))[-1].narrow(review.RoundApproved)
        assert approved.payload.cancellation_request_id == cancellation_id
        assert [(c.department, c.work_state) for c in approved.payload.settlement] == [
            (D.PRODUCTION, WorkState.PARTLY_DONE),
            (D.PROCUREMENT, WorkState.NOT_STARTED),
            (D.LOGISTICS, WorkState.NOT_STARTED),
        ]
        assert approved.payload.impact is not None
        assert approved.payload.impact.cost_incurred == spent


async def test_a_resubmission_supersedes_the_open_round_and_a_cancelled_order_withdraws(
    tmp_path: Path,
) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        await svc.deliver(submitted(order_id, order(revision=1, version=2)))
        (withdrawn,) = await svc.published("review_round.withdrawn")
        assert withdrawn.narrow(review.RoundWithdrawn).payload.reason == "superseded"
        cancelled = intake.OrderCancelled(
            from_status=OrderStatus.CANCELLING,
            to_status=OrderStatus.CANCELLED,
            cancellation_request_id=uuid4(),
        )
        await svc.deliver(Envelope.new(cancelled, order_id=order_id))
        statuses = await svc.client.get(
            "/v1/rounds", params={"order_id": str(order_id)}, headers=svc.auth("review:rounds:read")
        )
        assert [r["status"] for r in statuses.json()["items"]] == ["withdrawn", "withdrawn"]
