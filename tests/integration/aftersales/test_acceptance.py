"""Acceptance through the API: opened on delivery, recorded item by item, or lapsing (R-5.6)."""

from __future__ import annotations

from datetime import datetime, timedelta
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
from tests.unit.aftersales.builders import OTHER_CUSTOMER, shipment_delivered, snapshot

pytestmark = pytest.mark.integration


async def test_delivery_opens_an_inspection_with_the_orders_checklist_and_deadline(
    tmp_path: Path,
) -> None:
    """R-5.5: one checklist item per order line plus the custom spec; the default 7-day window."""
    async with running_service("aftersales", tmp_path) as svc:
        delivered_at = svc.clock.now()
        order_id = await deliver_order(svc, order=snapshot(custom_spec="Stainless housing"))
        await svc.deliver(shipment_delivered(order_id, delivered_at))  # the same delivery again

        body = (await acceptance_of(svc, order_id)).json()
        assert body["status"] == "open"
        assert datetime.fromisoformat(body["deadline"]) == delivered_at + timedelta(days=7)
        criteria = [item["criterion"] for item in body["checklist"]]
        assert [item["line_no"] for item in body["checklist"]] == [1, 2, None]
        assert "4 pcs of PUMP-200" in criteria[0]
        assert "Stainless housing" in criteria[2]
        assert len(await svc.published("acceptance.opened")) == 1


async def test_the_contract_period_beats_the_customers_which_beats_the_default(
    tmp_path: Path,
) -> None:
    """R-5.6: the agreed inspection period comes from the contract, else the customer, else 7."""
    async with running_service("aftersales", tmp_path) as svc:
        now = svc.clock.now()
        terms = await svc.client.put(
            f"/v1/acceptance-terms/{OTHER_CUSTOMER}", json={"period_days": 14}, headers=staff(svc)
        )
        assert terms.status_code == 200, terms.text
        by_contract = await deliver_order(
            svc, order=snapshot(OTHER_CUSTOMER, acceptance_period_days=3)
        )
        by_customer = await deliver_order(svc, order=snapshot(OTHER_CUSTOMER))
        by_default = await deliver_order(svc)

        for order_id, days in ((by_contract, 3), (by_customer, 14), (by_default, 7)):
            deadline = (await acceptance_of(svc, order_id)).json()["deadline"]
            assert datetime.fromisoformat(deadline) == now + timedelta(days=days)


async def test_customer_passes_item_by_item_and_the_order_is_accepted(tmp_path: Path) -> None:
    """R-5.6: the customer's own report, every item passed → passed, a survey is offered."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        read = await acceptance_of(svc, order_id)
        url = f"/v1/acceptances/{read.json()['id']}/results"

        first = await svc.client.post(
            url,
            json={"items": [{"item_no": 1, "passed": True}]},
            headers=matching(read, customer(svc)),
        )
        assert first.status_code == 200, first.text
        assert first.json()["status"] == "open"
        second = await svc.client.post(
            url,
            json={"items": [{"item_no": 2, "passed": True}]},
            headers=matching(first, customer(svc)),
        )
        assert second.json()["status"] == "passed"
        assert await payloads(svc, "acceptance.passed") == [
            {"acceptance_id": read.json()["id"], "recorded_by_customer": True}
        ]
        surveys = (await svc.client.get("/v1/surveys", headers=customer(svc))).json()["items"]
        assert [s["order_id"] for s in surveys] == [str(order_id)]

        svc.clock.advance(timedelta(days=30))
        assert await svc.run_due_jobs() == 0  # the deadline was disarmed
        assert await svc.published("acceptance.auto_accepted") == []


async def test_a_failed_item_opens_a_claim_for_its_line(tmp_path: Path) -> None:
    """R-5.6: customer service records a failure → acceptance.failed and claim.opened."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        read = await acceptance_of(svc, order_id)
        results = [
            {"item_no": 1, "passed": True},
            {"item_no": 2, "passed": False, "finding": "3 valves cracked"},
        ]
        done = await svc.client.post(
            f"/v1/acceptances/{read.json()['id']}/results",
            json={"items": results},
            headers=matching(read, staff(svc)),
        )
        assert done.json()["status"] == "failed"
        claim_id = done.json()["claim_id"]
        (failed,) = await payloads(svc, "acceptance.failed")
        assert failed["recorded_by_customer"] is False
        assert failed["failed_items"] == [
            {"item_no": 2, "line_no": 2, "finding": "3 valves cracked"}
        ]
        claim = (await svc.client.get(f"/v1/claims/{claim_id}", headers=customer(svc))).json()
        assert claim["status"] == "open"
        assert claim["lines"] == [{"line_no": 2, "quantity": "10", "problem": "3 valves cracked"}]
        assert len(await svc.published("claim.opened")) == 1


async def test_silence_until_the_deadline_accepts_automatically_even_after_a_restart(
    tmp_path: Path,
) -> None:
    """R-5.6: no report by the deadline → auto-accepted, recorded; the deadline is persisted."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        acceptance_id = (await acceptance_of(svc, order_id)).json()["id"]
        clock = svc.clock
    clock.advance(timedelta(days=7) - timedelta(minutes=1))
    async with running_service("aftersales", tmp_path, clock) as restarted:
        assert await restarted.run_due_jobs() == 0
        clock.advance(timedelta(minutes=2))
        assert await restarted.run_due_jobs() == 1
        body = (await acceptance_of(restarted, order_id)).json()
        assert body["status"] == "auto_accepted"
        assert body["concluded_at"] is not None
        (lapsed,) = await payloads(restarted, "acceptance.auto_accepted")
        assert lapsed["acceptance_id"] == acceptance_id
        late = await restarted.client.post(
            f"/v1/acceptances/{acceptance_id}/results",
            json={"items": [{"item_no": 1, "passed": True}]},
            headers={"If-Match": f'"{body["version"]}"', **customer(restarted)},
        )
        assert late.status_code == 409
        assert late.json()["current_status"] == "auto_accepted"


async def test_customers_see_only_their_own_and_changes_need_the_version_read(
    tmp_path: Path,
) -> None:
    """R-8.4: another customer's inspection is a 404; If-Match is required and checked."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        read = await acceptance_of(svc, order_id)
        url = f"/v1/acceptances/{read.json()['id']}"
        stranger = customer(svc, OTHER_CUSTOMER)
        assert (await svc.client.get(url, headers=stranger)).status_code == 404
        assert (await svc.client.get("/v1/acceptances", headers=stranger)).json()["items"] == []
        body = {"items": [{"item_no": 1, "passed": True}]}
        hidden = await svc.client.post(
            f"{url}/results", json=body, headers=matching(read, stranger)
        )
        assert hidden.status_code == 404
        missing = await svc.client.post(f"{url}/results", json=body, headers=customer(svc))
        assert missing.status_code == 428
        stale = await svc.client.post(
            f"{url}/results", json=body, headers={"If-Match": '"99"', **customer(svc)}
        )
        assert stale.status_code == 412
        assert stale.headers["content-type"] == "application/problem+json"
        unknown = await svc.client.post(
            f"{url}/results",
            json={"items": [{"item_no": 9, "passed": True}]},
            headers=matching(read, customer(svc)),
        )
        assert unknown.status_code == 409
        no_scope = svc.auth("aftersales:acceptances:read", kind="customer", customer_id="x")
        assert (
            await svc.client.post(f"{url}/results", json=body, headers=no_scope)
        ).status_code == 403
