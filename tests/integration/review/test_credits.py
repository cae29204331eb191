"""Compensation aftersales granted lowers the customer's receivables, once (R-5.6, R-3.1)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from orderflow.contracts import Envelope, EventPayload, aftersales
from orderflow.contracts.types import Money
from orderflow.runtime.consumer import Outcome
from tests.integration.review.support import (
    RULES_WRITER,
    customer_registered,
    only_round,
    standard_rules,
    submitted,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.review.builders import CUSTOMER, order

pytestmark = pytest.mark.integration
RECEIVABLES = f"/v1/receivables/{CUSTOMER}"


def compensation_granted(amount: str, currency: str = "EUR") -> Envelope[EventPayload]:
    payload = aftersales.CompensationGranted(
        claim_id=uuid4(),
        compensation_id=uuid4(),
        customer_id=CUSTOMER,
        amount=Money(amount=Decimal(amount), currency=currency),
    )
    return Envelope.new(payload, order_id=uuid4(), actor="claims-clerk")


async def owe(svc: RunningService, outstanding: str) -> None:
    headers = svc.auth(*RULES_WRITER)
    body = {"customer_id": str(CUSTOMER), "outstanding": outstanding, "currency": "EUR"}
    response = await svc.client.put(RECEIVABLES, json=body, headers={**headers, "If-Match": '"1"'})
    assert response.status_code == 200, response.text


async def sales_verdict(svc: RunningService, order_id: UUID) -> str:
    """The verdict of the sales check in the order's newest round."""
    the_round = await only_round(svc, order_id)
    verdict: str = next(c["verdict"] for c in the_round["checks"] if c["department"] == "sales")
    return verdict


async def test_granted_compensation_is_a_credit_that_frees_the_customers_credit(
    tmp_path: Path,
) -> None:
    """R-5.6, R-3.1: 4500 owed on a 5000 limit fails a 1000 order; a 1500 compensation
    leaves 3000 owed in a new receivables version by aftersales, and the order passes."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        await owe(svc, "4500")
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        assert await sales_verdict(svc, order_id) == "fail"

        granted = compensation_granted("1500")
        assert await svc.deliver(granted) == Outcome.PROCESSED
        assert await svc.deliver(granted) == Outcome.DUPLICATE  # redelivered: booked once

        reader = svc.auth(*RULES_WRITER)
        versions = (await svc.client.get(f"{RECEIVABLES}/versions", headers=reader)).json()
        newest = versions[-1]
        assert [v["version"] for v in versions] == [1, 2, 3]
        assert (newest["data"]["outstanding"], newest["changed_by"]) == (
            "3000",
            "service:aftersales",
        )
        await svc.deliver(submitted(order_id, order(revision=1, version=2)))
        assert await sales_verdict(svc, order_id) == "pass"


async def test_a_credit_for_a_customer_who_owes_nothing_recorded_changes_nothing(
    tmp_path: Path,
) -> None:
    """R-5.6: with no receivables entered there is nothing to lower; the event is done."""
    async with running_service("review", tmp_path) as svc:
        assert await svc.deliver(compensation_granted("100")) == Outcome.PROCESSED
        reader = svc.auth(*RULES_WRITER)
        assert (await svc.client.get(RECEIVABLES, headers=reader)).status_code == 404
