"""An order that reaches review before its customer does (waiting.py; R-3.1, R-3.3).

Intake's customer and order events travel on different partitions, so review may read a
new customer's first submission before `customer.registered`: the round must wait for the
customer, not fail the sales check "customer.known" for a customer intake knows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from orderflow.contracts import Envelope, intake, review
from orderflow.contracts.intake.orders import OrderStatus
from tests.integration.review.support import (
    READER,
    all_departments_answer,
    customer_registered,
    only_round,
    standard_rules,
    submitted,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.review.builders import order

pytestmark = pytest.mark.integration


async def rounds_of(svc: RunningService, order_id: UUID) -> list[dict[str, object]]:
    response = await svc.client.get(
        "/v1/rounds", params={"order_id": str(order_id)}, headers=svc.auth(READER)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_a_submission_before_its_customer_waits_and_is_then_approved(
    tmp_path: Path,
) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))  # the customer is not known yet
        assert await rounds_of(svc, order_id) == []
        assert await svc.published("assessment.requested") == []

        await svc.deliver(customer_registered())
        svc.clock.advance(timedelta(seconds=1))
        assert await svc.run_due_jobs() == 1

        (request,) = await svc.published("assessment.requested")
        round_id = request.narrow(review.AssessmentRequested).payload.round_id
        await all_departments_answer(svc, order_id, round_id)
        (approved,) = await svc.published("review_round.approved")
        assert approved.order_id == order_id
        assert (await only_round(svc, order_id))["status"] == "approved"


async def test_a_customer_that_never_arrives_fails_the_sales_check_after_the_wait(
    tmp_path: Path,
) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        waited = timedelta()
        while not await rounds_of(svc, order_id):
            assert waited < timedelta(minutes=10), "the round never opened"
            svc.clock.advance(timedelta(seconds=30))
            waited += timedelta(seconds=30)
            await svc.run_due_jobs()

        assert waited >= timedelta(minutes=4)  # it did wait for the customer first
        (request,) = await svc.published("assessment.requested")
        round_id = request.narrow(review.AssessmentRequested).payload.round_id
        await all_departments_answer(svc, order_id, round_id)
        (rejected,) = await svc.published("review_round.rejected")
        reasons = rejected.narrow(review.RoundRejected).payload.reasons
        assert [r.rule for r in reasons if r.rule.startswith("customer.")] == ["customer.known"]


async def test_an_order_cancelled_while_it_waits_opens_no_round(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        cancelled = intake.OrderCancelled(
            from_status=OrderStatus.CANCELLING,
            to_status=OrderStatus.CANCELLED,
            cancellation_request_id=uuid4(),
        )
        await svc.deliver(Envelope.new(cancelled, order_id=order_id))
        await svc.deliver(customer_registered())

        svc.clock.advance(timedelta(hours=1))
        assert await svc.run_due_jobs() == 0
        assert await rounds_of(svc, order_id) == []
