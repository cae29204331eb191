"""Claims through the API: verified, remedied by other departments' events, closed (R-5.6)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from orderflow.contracts.logistics import ShipmentPurpose
from tests.integration.aftersales.support import (
    acceptance_of,
    customer,
    deliver_order,
    matching,
    payloads,
    staff,
)
from tests.support.service_app import RunningService, running_service
from tests.unit.aftersales.builders import OTHER_CUSTOMER, return_collected, shipment_delivered

pytestmark = pytest.mark.integration


async def failed_acceptance(svc: RunningService) -> tuple[UUID, str]:
    """A delivered order whose line 1 failed inspection; its claim's id."""
    order_id = await deliver_order(svc)
    read = await acceptance_of(svc, order_id)
    results = [
        {"item_no": 1, "passed": False, "finding": "Pump housing dented"},
        {"item_no": 2, "passed": True},
    ]
    done = await svc.client.post(
        f"/v1/acceptances/{read.json()['id']}/results",
        json={"items": results},
        headers=matching(read, customer(svc)),
    )
    assert done.status_code == 200, done.text
    return order_id, done.json()["claim_id"]


async def verified(svc: RunningService, claim_id: str, fault: str = "company") -> Any:
    read = await svc.client.get(f"/v1/claims/{claim_id}", headers=staff(svc))
    response = await svc.client.post(
        f"/v1/claims/{claim_id}/verification",
        json={"fault": fault, "finding": "Packing too thin for the route"},
        headers=matching(read, staff(svc)),
    )
    assert response.status_code == 200, response.text
    return response


async def remedy(svc: RunningService, claim_id: str, body: dict[str, Any], read: Any) -> Any:
    response = await svc.client.post(
        f"/v1/claims/{claim_id}/remedy", json=body, headers=matching(read, staff(svc))
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "remedy_in_progress" or body["remedy"] == "compensation"
    return response


Done = Callable[[RunningService, UUID, str], Awaitable[None]]


async def resupplied(svc: RunningService, order_id: UUID, claim_id: str) -> None:
    purpose = ShipmentPurpose.RESUPPLY
    await svc.deliver(
        shipment_delivered(order_id, svc.clock.now(), purpose=purpose, claim_id=UUID(claim_id))
    )


async def exchanged(svc: RunningService, order_id: UUID, claim_id: str) -> None:
    purpose = ShipmentPurpose.EXCHANGE
    await svc.deliver(
        shipment_delivered(order_id, svc.clock.now(), purpose=purpose, claim_id=UUID(claim_id))
    )


async def collected(svc: RunningService, order_id: UUID, claim_id: str) -> None:
    await svc.deliver(return_collected(order_id, UUID(claim_id), svc.clock.now()))


@pytest.mark.parametrize(
    ("remedy_name", "done"),
    [("resupply", resupplied), ("exchange", exchanged), ("return", collected)],
)
async def test_a_remedy_closes_the_claim_when_its_department_says_it_is_done(
    tmp_path: Path, remedy_name: str, done: Done
) -> None:
    """R-5.6: company at fault → remedy event; logistics' own event closes it; order accepted."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id, claim_id = await failed_acceptance(svc)
        read = await verified(svc, claim_id)
        await remedy(svc, claim_id, {"remedy": remedy_name}, read)
        (chosen,) = await payloads(svc, "claim.remedy_chosen")
        assert chosen["remedy"] == remedy_name
        assert chosen["lines"] == [
            {"line_no": 1, "quantity": "4", "problem": "Pump housing dented"}
        ]
        url = f"/v1/claims/{claim_id}"
        assert (await svc.client.get(url, headers=customer(svc))).json()["status"] == (
            "remedy_in_progress"
        )

        await done(svc, order_id, claim_id)

        claim = (await svc.client.get(url, headers=customer(svc))).json()
        assert (claim["status"], claim["outcome"]) == ("closed", "remedied")
        assert await payloads(svc, "claim.closed") == [
            {"claim_id": claim_id, "outcome": "remedied", "remedy": remedy_name}
        ]
        assert (await acceptance_of(svc, order_id)).json()["status"] == "accepted_after_claim"
        follow_ups = await svc.client.get(f"/v1/follow-ups?claim_id={claim_id}", headers=staff(svc))
        assert len(follow_ups.json()["items"]) == 1
        surveys = (await svc.client.get("/v1/surveys", headers=customer(svc))).json()["items"]
        assert [s["order_id"] for s in surveys] == [str(order_id)]


async def test_another_remedys_event_does_not_close_the_claim(tmp_path: Path) -> None:
    """R-5.6: a resupply delivery does not close a claim waiting for a return."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id, claim_id = await failed_acceptance(svc)
        await remedy(svc, claim_id, {"remedy": "return"}, await verified(svc, claim_id))
        await resupplied(svc, order_id, claim_id)
        claim = (await svc.client.get(f"/v1/claims/{claim_id}", headers=staff(svc))).json()
        assert claim["status"] == "remedy_in_progress"
        assert await svc.published("claim.closed") == []


async def test_compensation_is_granted_as_a_credit_and_closes_the_claim(tmp_path: Path) -> None:
    """R-5.6: compensation publishes the amount finance books as a credit to the customer."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id, claim_id = await failed_acceptance(svc)
        read = await verified(svc, claim_id)
        body = {"remedy": "compensation", "compensation": {"amount": "150.00", "currency": "EUR"}}
        closed = await remedy(svc, claim_id, body, read)
        assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "remedied")
        (granted,) = await payloads(svc, "compensation.granted")
        assert granted["amount"] == {"amount": "150.00", "currency": "EUR"}
        assert granted["customer_id"] == closed.json()["customer_id"]
        assert (await acceptance_of(svc, order_id)).json()["status"] == "accepted_after_claim"


async def test_a_fault_not_the_companys_rejects_the_claim(tmp_path: Path) -> None:
    """R-5.6: the carrier's or customer's fault → no remedy; claim rejected, order accepted."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id, claim_id = await failed_acceptance(svc)
        rejected = await verified(svc, claim_id, fault="customer")
        assert (rejected.json()["status"], rejected.json()["outcome"]) == ("closed", "rejected")
        late = await svc.client.post(
            f"/v1/claims/{claim_id}/remedy",
            json={"remedy": "resupply"},
            headers=matching(rejected, staff(svc)),
        )
        assert late.status_code == 409
        assert late.json()["current_status"] == "closed"
        assert (await acceptance_of(svc, order_id)).json()["status"] == "accepted_after_claim"
        assert await payloads(svc, "claim.closed") == [
            {"claim_id": claim_id, "outcome": "rejected", "remedy": None}
        ]
        follow_ups = await svc.client.get(f"/v1/follow-ups?claim_id={claim_id}", headers=staff(svc))
        assert len(follow_ups.json()["items"]) == 1


async def test_a_customer_cannot_verify_or_see_anothers_claim(tmp_path: Path) -> None:
    """R-8.4: claims are customer service's to handle; another customer's is a 404."""
    async with running_service("aftersales", tmp_path) as svc:
        _, claim_id = await failed_acceptance(svc)
        read = await svc.client.get(f"/v1/claims/{claim_id}", headers=customer(svc))
        attempt = await svc.client.post(
            f"/v1/claims/{claim_id}/verification",
            json={"fault": "company", "finding": "mine"},
            headers=matching(read, customer(svc)),
        )
        assert attempt.status_code == 403
        other = customer(svc, OTHER_CUSTOMER)
        assert (await svc.client.get(f"/v1/claims/{claim_id}", headers=other)).status_code == 404
