"""Service tickets through the API: deadlines met and breached, reopening (R-7.1–R-7.4)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.integration.aftersales.support import customer, deliver_order, matching, payloads, staff
from tests.support.service_app import RunningService, running_service
from tests.unit.aftersales.builders import CUSTOMER, OTHER_CUSTOMER, return_collected

pytestmark = pytest.mark.integration


async def open_ticket(svc: RunningService, headers: dict[str, str], **fields: Any) -> Any:
    body = {"kind": "complaint", "channel": "online", "summary": "Invoice shows wrong price"}
    response = await svc.client.post(
        "/v1/tickets", json={**body, **fields}, headers={"Idempotency-Key": str(fields), **headers}
    )
    assert response.status_code == 201, response.text
    return response


async def act(
    svc: RunningService, read: Any, path: str, body: dict[str, Any], who: dict[str, str]
) -> Any:
    response = await svc.client.post(
        f"/v1/tickets/{read.json()['id']}/{path}", json=body, headers=matching(read, who)
    )
    assert response.status_code == 200, response.text
    return response


async def test_a_complaint_answered_and_resolved_within_its_deadlines(tmp_path: Path) -> None:
    """R-7.3: a normal complaint: first response within 8 h, resolved within 72 h, no breach."""
    async with running_service("aftersales", tmp_path) as svc:
        opened = await open_ticket(svc, customer(svc))
        ticket = opened.json()
        start = svc.clock.now()
        assert datetime.fromisoformat(ticket["first_response_due"]) == start + timedelta(hours=8)
        assert datetime.fromisoformat(ticket["resolution_due"]) == start + timedelta(hours=72)

        svc.clock.advance(timedelta(hours=2))
        answered = await act(
            svc,
            opened,
            "updates",
            {"status": "in_progress", "message": "Checking the invoice"},
            staff(svc),
        )
        svc.clock.advance(timedelta(hours=20))
        resolved = await act(
            svc,
            answered,
            "resolution",
            {"resolution": "answered", "message": "Credit note issued for the difference"},
            staff(svc),
        )
        svc.clock.advance(timedelta(days=10))
        assert await svc.run_due_jobs() == 0  # both deadlines were disarmed in time

        body = (await svc.client.get(f"/v1/tickets/{ticket['id']}", headers=customer(svc))).json()
        assert body["status"] == "resolved"
        assert (body["first_response_breached"], body["resolution_breached"]) == (False, False)
        assert [u["message"] for u in body["updates"]] == [
            "We have received your request.",
            "Checking the invoice",
            "Credit note issued for the difference",
        ]
        assert (await payloads(svc, "service_ticket.responded"))[0]["within_deadline"] is True
        assert (await payloads(svc, "service_ticket.resolved"))[0]["within_deadline"] is True
        assert await svc.published("service_ticket.sla_breached") == []
        assert resolved.json()["resolution"] == "answered"


async def test_missed_deadlines_publish_breaches_and_show_on_the_ticket(tmp_path: Path) -> None:
    """R-7.3, R-9.3: no response in time, then no resolution in time: both breaches recorded."""
    async with running_service("aftersales", tmp_path) as svc:
        ticket = (
            await open_ticket(
                svc, staff(svc), customer_id=str(CUSTOMER), priority="urgent", channel="phone"
            )
        ).json()
        svc.clock.advance(timedelta(minutes=61))
        assert await svc.run_due_jobs() == 1
        url = f"/v1/tickets/{ticket['id']}"
        body = (await svc.client.get(url, headers=customer(svc))).json()
        assert (body["first_response_breached"], body["resolution_breached"]) == (True, False)
        svc.clock.advance(timedelta(hours=24))
        await svc.run_due_jobs()
        body = (await svc.client.get(url, headers=customer(svc))).json()
        assert body["resolution_breached"] is True
        breaches = await payloads(svc, "service_ticket.sla_breached")
        assert [b["deadline"] for b in breaches] == ["first_response", "resolution"]
        flagged = await svc.client.get("/v1/tickets?breached=true", headers=staff(svc))
        assert [t["id"] for t in flagged.json()["items"]] == [ticket["id"]]


async def test_deadlines_per_kind_and_priority_are_data(tmp_path: Path) -> None:
    """R-7.3: staff set the windows for high-priority complaints; new tickets use them."""
    async with running_service("aftersales", tmp_path) as svc:
        changed = await svc.client.put(
            "/v1/service-levels/complaint/high",
            json={"first_response_minutes": 30, "resolution_minutes": 600},
            headers=staff(svc),
        )
        assert changed.status_code == 200, changed.text
        ticket = (await open_ticket(svc, customer(svc), priority="high")).json()
        now = svc.clock.now()
        assert datetime.fromisoformat(ticket["first_response_due"]) == now + timedelta(minutes=30)
        assert datetime.fromisoformat(ticket["resolution_due"]) == now + timedelta(minutes=600)
        levels = (await svc.client.get("/v1/service-levels", headers=staff(svc))).json()
        assert {
            "kind": "complaint",
            "priority": "high",
            "first_response_minutes": 30,
            "resolution_minutes": 600,
        } in levels


async def test_a_reopened_ticket_runs_again_until_the_customer_is_satisfied(tmp_path: Path) -> None:
    """R-7.4: unhappy → reopened with a new deadline; happy → closed and followed up (R-7.5)."""
    async with running_service("aftersales", tmp_path) as svc:
        read = await open_ticket(svc, customer(svc), kind="tech_support")
        read = await act(
            svc, read, "updates", {"status": "in_progress", "message": "Calling you"}, staff(svc)
        )
        read = await act(
            svc,
            read,
            "resolution",
            {"resolution": "answered", "message": "Reset the unit"},
            staff(svc),
        )
        svc.clock.advance(timedelta(hours=1))
        reopened = await act(svc, read, "feedback", {"satisfaction": 2}, customer(svc))
        body = reopened.json()
        assert (body["status"], body["reopen_count"]) == ("in_progress", 1)
        assert datetime.fromisoformat(body["resolution_due"]) == svc.clock.now() + timedelta(
            hours=48
        )
        read = await act(
            svc,
            reopened,
            "resolution",
            {"resolution": "repaired", "message": "Board replaced"},
            staff(svc),
        )
        closed = await act(svc, read, "feedback", {"satisfaction": 5}, customer(svc))
        assert (closed.json()["status"], closed.json()["satisfaction"]) == ("closed", 5)
        assert [u["status"] for u in closed.json()["updates"]] == [
            "open",
            "in_progress",
            "resolved",
            "in_progress",
            "resolved",
            "closed",
        ]
        assert [
            p["satisfied"] for p in await payloads(svc, "service_ticket.feedback_recorded")
        ] == [False, True]
        assert (await payloads(svc, "service_ticket.reopened"))[0]["reopen_count"] == 1
        follow_ups = await svc.client.get(
            f"/v1/follow-ups?ticket_id={body['id']}", headers=staff(svc)
        )
        assert len(follow_ups.json()["items"]) == 1
        again = await svc.client.post(
            f"/v1/tickets/{body['id']}/feedback",
            json={"satisfaction": 1},
            headers=matching(closed, customer(svc)),
        )
        assert again.status_code == 409


async def test_warranty_only_within_the_products_warranty_period(tmp_path: Path) -> None:
    """R-7.1: a warranty ticket for a delivered order is accepted within 365 days, not after."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        within = await open_ticket(
            svc, customer(svc), kind="warranty", order_id=str(order_id), summary="Pump leaks"
        )
        assert within.json()["warranty_until"] == str(
            (svc.clock.now() + timedelta(days=365)).date()
        )
        svc.clock.advance(timedelta(days=400))
        late = await svc.client.post(
            "/v1/tickets",
            json={
                "kind": "warranty",
                "channel": "email",
                "summary": "Pump leaks again",
                "order_id": str(order_id),
            },
            headers={"Idempotency-Key": "late", **customer(svc)},
        )
        assert late.status_code == 409
        assert late.json()["type"].endswith("/warranty-expired")


async def test_customers_see_only_their_own_tickets(tmp_path: Path) -> None:
    """R-8.4: list and read are limited to the customer's own; specialists' actions need scope."""
    async with running_service("aftersales", tmp_path) as svc:
        mine = await open_ticket(svc, customer(svc))
        theirs = await open_ticket(svc, customer(svc, OTHER_CUSTOMER), summary="Late delivery")
        listed = (await svc.client.get("/v1/tickets", headers=customer(svc))).json()["items"]
        assert [t["id"] for t in listed] == [mine.json()["id"]]
        other_url = f"/v1/tickets/{theirs.json()['id']}"
        assert (await svc.client.get(other_url, headers=customer(svc))).status_code == 404
        as_other = await svc.client.post(
            "/v1/tickets",
            json={
                "kind": "complaint",
                "channel": "online",
                "summary": "x",
                "customer_id": str(OTHER_CUSTOMER),
            },
            headers={"Idempotency-Key": "k1", **customer(svc)},
        )
        assert as_other.status_code == 422
        self_update = await svc.client.post(
            f"/v1/tickets/{mine.json()['id']}/updates",
            json={"status": "in_progress", "message": "done"},
            headers=matching(mine, customer(svc)),
        )
        assert self_update.status_code == 403
        order_id = await deliver_order(svc)
        on_anothers_order = await svc.client.post(
            "/v1/tickets",
            json={
                "kind": "warranty",
                "channel": "online",
                "summary": "x",
                "order_id": str(order_id),
            },
            headers={"Idempotency-Key": "k2", **customer(svc, OTHER_CUSTOMER)},
        )
        assert on_anothers_order.status_code == 409
        assert on_anothers_order.json()["type"].endswith("/unknown-order")


async def test_a_retried_open_returns_the_same_ticket(tmp_path: Path) -> None:
    """DESIGN §6: the same Idempotency-Key never opens a second ticket."""
    async with running_service("aftersales", tmp_path) as svc:
        headers = {"Idempotency-Key": "retry-1", **customer(svc)}
        body = {"kind": "complaint", "channel": "online", "summary": "Noisy"}
        first = await svc.client.post("/v1/tickets", json=body, headers=headers)
        second = await svc.client.post("/v1/tickets", json=body, headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"]
        assert len(await svc.published("service_ticket.opened")) == 1
        page = await svc.client.get("/v1/tickets?limit=101", headers=staff(svc))
        assert page.status_code == 422


async def test_a_warranty_case_opens_a_claim_that_logistics_closes_by_collecting(
    tmp_path: Path,
) -> None:
    """R-7.1: warranty ticket → claim (return) → return.collected closes it; ticket shows it."""
    async with running_service("aftersales", tmp_path) as svc:
        order_id = await deliver_order(svc)
        read = await open_ticket(
            svc, customer(svc), kind="warranty", order_id=str(order_id), summary="Pump leaks"
        )
        body = {
            "lines": [{"line_no": 1, "quantity": "1", "problem": "Seal leaks after 2 months"}],
            "requested_remedy": "return",
            "message": "We will collect the pump and refund it",
        }
        resolved = await act(svc, read, "claim", body, staff(svc))
        claim_id = resolved.json()["claim_id"]
        assert (resolved.json()["status"], resolved.json()["resolution"]) == (
            "resolved",
            "claim_opened",
        )
        (opened,) = await payloads(svc, "claim.opened")
        assert (opened["ticket_id"], opened["requested_remedy"]) == (read.json()["id"], "return")

        claim = await svc.client.get(f"/v1/claims/{claim_id}", headers=staff(svc))
        claim = await svc.client.post(
            f"/v1/claims/{claim_id}/verification",
            json={"fault": "company", "finding": "Seal batch defective"},
            headers=matching(claim, staff(svc)),
        )
        claim = await svc.client.post(
            f"/v1/claims/{claim_id}/remedy",
            json={"remedy": "return"},
            headers=matching(claim, staff(svc)),
        )
        await svc.deliver(return_collected(order_id, UUID(claim_id), svc.clock.now()))
        closed = (await svc.client.get(f"/v1/claims/{claim_id}", headers=customer(svc))).json()
        assert (closed["status"], closed["ticket_id"]) == ("closed", read.json()["id"])

        wrong_line = await svc.client.post(
            f"/v1/tickets/{read.json()['id']}/claim",
            json={**body, "lines": [{"line_no": 9, "quantity": "1", "problem": "x"}]},
            headers=matching(resolved, staff(svc)),
        )
        assert wrong_line.status_code == 409
        assert wrong_line.json()["type"].endswith("/unknown-order-line")


async def test_ticket_lists_page_by_cursor_and_filter(tmp_path: Path) -> None:
    """DESIGN §6: capped pages with a cursor; filters on kind and opening time."""
    async with running_service("aftersales", tmp_path) as svc:
        ids = []
        for n in range(3):
            svc.clock.advance(timedelta(hours=1))
            ids.append((await open_ticket(svc, customer(svc), summary=f"Issue {n}")).json()["id"])
        await open_ticket(svc, customer(svc), kind="tech_support", summary="How to pair")
        first = (
            await svc.client.get("/v1/tickets?kind=complaint&limit=2", headers=staff(svc))
        ).json()
        assert [t["id"] for t in first["items"]] == ids[:2]
        rest = await svc.client.get(
            f"/v1/tickets?kind=complaint&limit=2&cursor={first['next_cursor']}", headers=staff(svc)
        )
        assert ([t["id"] for t in rest.json()["items"]], rest.json()["next_cursor"]) == (
            ids[2:],
            None,
        )
        since = (svc.clock.now() - timedelta(minutes=30)).isoformat()
        recent = await svc.client.get(
            "/v1/tickets", params={"kind": "complaint", "opened_since": since}, headers=staff(svc)
        )
        assert [t["id"] for t in recent.json()["items"]] == ids[2:]
        assert first["next_cursor"] != ids[1]  # opaque: clients pass it back as given
        bad = await svc.client.get("/v1/tickets", params={"cursor": "abc"}, headers=staff(svc))
        assert (bad.status_code, bad.json()["type"].split("/")[-1]) == (400, "invalid-cursor")
