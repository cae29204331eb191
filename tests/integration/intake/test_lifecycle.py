"""The lifecycle driven by REST and by the departments' events (DESIGN §4, R-3.3)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from orderflow.contracts.types import Department
from tests.integration.intake import events
from tests.integration.intake.support import if_match, new_customer, order_body, place, staff
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration


async def read(svc: RunningService, order_id: str) -> Any:
    response = await svc.client.get(f"/v1/orders/{order_id}", headers=staff(svc))
    assert response.status_code == 200
    return response


async def submit(svc: RunningService, order_id: str) -> Any:
    current = await read(svc, order_id)
    return await svc.client.post(
        f"/v1/orders/{order_id}/submission", headers={**staff(svc), **if_match(current)}
    )


async def submitted_order(svc: RunningService) -> str:
    order = (await place(svc, order_body(await new_customer(svc)), staff(svc))).json()
    response = await submit(svc, order["id"])
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "under_review"
    return str(order["id"])


async def test_the_whole_way_from_submission_to_closed(tmp_path: Path) -> None:
    """Every department's event moves the order one step, each step one event and history."""
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        scheduled, follow_up_done = events.follow_up(order_id)
        steps = [
            (events.approved(order_id), "approved", "order.approved"),
            (events.plan_created(order_id), "in_production", "order.production_started"),
            (events.completed(order_id), "ready_to_ship", "order.production_completed"),
            (events.dispatched(order_id), "shipped", "order.shipped"),
            (events.delivered(order_id), "delivered", "order.delivered"),
            (events.acceptance_failed_claim(order_id), "claim_open", "order.claim_opened"),
            (events.claim_closed(order_id), "accepted", "order.accepted"),
            (scheduled, "accepted", None),
            (follow_up_done, "closed", "order.closed"),
        ]
        for event, status, published in steps:
            await svc.deliver(event)
            assert (await read(svc, order_id)).json()["status"] == status, event.event_type
            if published:
                assert len(await svc.published(published)) == 1
        history = (await read(svc, order_id)).json()["history"]
        assert [h["to_status"] for h in history] == [
            "draft",
            "under_review",
            "approved",
            "in_production",
            "ready_to_ship",
            "shipped",
            "delivered",
            "claim_open",
            "accepted",
            "closed",
        ]
        assert (history[1]["actor"], history[2]["actor"]) == ("sales-anna", "dept-bot")


async def test_a_returned_order_shows_every_reason_and_resubmits_as_next_revision(
    tmp_path: Path,
) -> None:
    """R-3.3: reasons of every department; edit + resubmit increments the revision."""
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        reasons = (events.reason(Department.FINANCE), events.reason(Department.PRODUCTION, "cap"))
        await svc.deliver(events.rejected(order_id, reasons=reasons))
        returned = await read(svc, order_id)
        assert returned.json()["status"] == "returned"
        assert {r["department"] for r in returned.json()["return_reasons"]} == {
            "finance",
            "production",
        }
        body = order_body("x")
        del body["customer_id"], body["channel"]
        body["payment_terms"] = "prepaid"
        edited = await svc.client.put(
            f"/v1/orders/{order_id}", json=body, headers={**staff(svc), **if_match(returned)}
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["content"]["payment_terms"] == "prepaid"
        resubmitted = await svc.client.post(
            f"/v1/orders/{order_id}/resubmission", headers={**staff(svc), **if_match(edited)}
        )
        assert resubmitted.status_code == 200, resubmitted.text
        assert resubmitted.json()["status"] == "under_review"
        assert resubmitted.json()["revision"] == 1
        sent = await svc.published("order.submitted")
        assert [e.payload.order.revision for e in sent] == [0, 1]  # type: ignore[attr-defined]
        await svc.deliver(events.approved(order_id, revision=0))  # a stale round: ignored
        assert (await read(svc, order_id)).json()["status"] == "under_review"
        await svc.deliver(events.approved(order_id, revision=1))
        assert (await read(svc, order_id)).json()["status"] == "approved"


async def test_an_illegal_transition_is_a_409(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        again = await submit(svc, order_id)
        assert again.status_code == 409
        current = await read(svc, order_id)
        resubmit = await svc.client.post(
            f"/v1/orders/{order_id}/resubmission", headers={**staff(svc), **if_match(current)}
        )
        assert resubmit.status_code == 409
        assert again.json()["current_status"] == "under_review"
        current = await read(svc, order_id)
        body = order_body("x")
        del body["customer_id"], body["channel"]
        edit = await svc.client.put(
            f"/v1/orders/{order_id}", json=body, headers={**staff(svc), **if_match(current)}
        )
        assert edit.status_code == 409


async def test_transitions_need_a_current_if_match(tmp_path: Path) -> None:
    """DESIGN §6: 428 without If-Match, 412 on a stale version."""
    async with running_service("intake", tmp_path) as svc:
        order = await place(svc, order_body(await new_customer(svc)), staff(svc))
        url = f"/v1/orders/{order.json()['id']}/submission"
        missing = await svc.client.post(url, headers=staff(svc))
        assert missing.status_code == 428
        stale = await svc.client.post(url, headers={**staff(svc), "If-Match": '"999"'})
        assert stale.status_code == 412
        assert (await read(svc, order.json()["id"])).json()["status"] == "draft"


async def test_an_event_that_does_not_fit_the_state_changes_nothing(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = await submitted_order(svc)
        await svc.deliver(events.dispatched(order_id))
        assert (await read(svc, order_id)).json()["status"] == "under_review"
        assert await svc.published("order.shipped") == []


async def test_an_accepted_order_without_a_follow_up_closes_when_its_window_passes(
    tmp_path: Path,
) -> None:
    """DESIGN §4: accepted ─window─▶ closed, once, and only if nothing closed it before."""
    async with running_service("intake", tmp_path, closing_window_days=30) as svc:
        order_id = await submitted_order(svc)
        for event in (
            events.approved(order_id),
            events.plan_created(order_id),
            events.completed(order_id),
            events.dispatched(order_id),
            events.delivered(order_id),
            events.acceptance_failed_claim(order_id),
            events.claim_closed(order_id),
        ):
            await svc.deliver(event)
        assert (await read(svc, order_id)).json()["status"] == "accepted"

        svc.clock.advance(timedelta(days=29))
        await svc.run_due_jobs()
        assert (await read(svc, order_id)).json()["status"] == "accepted"

        svc.clock.advance(timedelta(days=1))
        await svc.run_due_jobs()
        order = (await read(svc, order_id)).json()
        assert order["status"] == "closed"
        assert order["history"][-1]["actor"] == "system:closing-window"
        (closed,) = await svc.published("order.closed")
        assert closed.payload.basis == "window_elapsed"  # type: ignore[attr-defined]


async def test_a_follow_up_that_closes_the_order_first_leaves_the_window_nothing_to_do(
    tmp_path: Path,
) -> None:
    async with running_service("intake", tmp_path, closing_window_days=30) as svc:
        order_id = await submitted_order(svc)
        scheduled, follow_up_done = events.follow_up(order_id)
        for event in (
            events.approved(order_id),
            events.plan_created(order_id),
            events.completed(order_id),
            events.dispatched(order_id),
            events.delivered(order_id),
            events.acceptance_failed_claim(order_id),
            events.claim_closed(order_id),
            scheduled,
            follow_up_done,
        ):
            await svc.deliver(event)
        svc.clock.advance(timedelta(days=31))
        await svc.run_due_jobs()
        assert len(await svc.published("order.closed")) == 1
