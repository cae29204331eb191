"""Review rounds through the real app: events in, REST, events out (R-3.1, R-3.2, R-3.3)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from orderflow.contracts import review
from tests.integration.review.support import (
    READER,
    D,
    all_departments_answer,
    answer,
    customer_registered,
    only_round,
    outcome_events,
    refusal,
    standard_rules,
    submitted,
)
from tests.support.service_app import running_service
from tests.unit.review.builders import CUSTOMER, order

pytestmark = pytest.mark.integration
SALES_REVIEWER = "review:sales:decide"


async def test_an_order_every_department_passes_is_approved(tmp_path: Path) -> None:
    """R-3.3: all four pass → review_round.approved, and the round reads approved."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        (request,) = await svc.published("assessment.requested")
        round_id = request.narrow(review.AssessmentRequested).payload.round_id
        assert (await only_round(svc, order_id))["status"] == "open"

        await all_departments_answer(svc, order_id, round_id)

        (approved,) = await svc.published("review_round.approved")
        assert approved.order_id == order_id
        shown = await only_round(svc, order_id)
        assert shown["status"] == "approved"
        assert {c["department"]: c["verdict"] for c in shown["checks"]} == dict.fromkeys(
            ["sales", "finance", "production", "procurement", "logistics"], "pass"
        )
        assert shown["checks"][0]["rule_version"] == shown["rule_version"] == "rules-v4"


async def test_rejected_for_credit_then_approved_after_the_limit_is_raised(tmp_path: Path) -> None:
    """R-3.3: a rejection lists every reason; resubmitted after the rule change, approved.

    The first round keeps the rules version it used: a rule change affects new rounds only.
    """
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc, credit_limit="800")
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        first = await only_round(svc, order_id)
        late_truck = refusal(D.LOGISTICS, "delivery.window", "no truck before March")
        await all_departments_answer(svc, order_id, UUID(first["round_id"]), logistics=late_truck)

        (rejected,) = await svc.published("review_round.rejected")
        reasons = rejected.narrow(review.RoundRejected).payload.reasons
        assert [(r.department, r.rule) for r in reasons] == [
            (D.SALES, "credit.limit"),
            (D.LOGISTICS, "delivery.window"),
        ]
        assert (reasons[0].expected, reasons[0].actual) == ("<= 800", "1000.00")

        headers = svc.auth("review:sales:rules:write", "review:sales:rules:read")
        profile = await svc.client.get(f"/v1/credit-profiles/{CUSTOMER}", headers=headers)
        raised = {**profile.json()["data"], "credit_limit": "5000"}
        response = await svc.client.put(
            f"/v1/credit-profiles/{CUSTOMER}",
            json=raised,
            headers={**headers, "If-Match": profile.headers["ETag"]},
        )
        assert response.status_code == 200, response.text

        await svc.deliver(submitted(order_id, order(revision=1, version=2)))
        second = await only_round(svc, order_id)
        await all_departments_answer(svc, order_id, UUID(second["round_id"]))

        (approved,) = await svc.published("review_round.approved")
        assert approved.narrow(review.RoundApproved).payload.revision == 1
        listed = await svc.client.get(
            "/v1/rounds", params={"order_id": str(order_id)}, headers=svc.auth(READER)
        )
        history = [(r["revision"], r["status"], r["rule_version"]) for r in listed.json()["items"]]
        assert history == [(0, "rejected", "rules-v4"), (1, "approved", "rules-v5")]
        assert [h["what"] for h in listed.json()["items"][0]["history"]][:1] == ["opened"]
        assert listed.json()["items"][0]["failing_reasons"][0]["rule"] == "credit.limit"


async def test_a_check_that_needs_a_person_holds_the_round_until_sales_decides(
    tmp_path: Path,
) -> None:
    """R-3.1: a custom product waits for sales; finance cannot decide it; who and when recorded."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order(custom=True)))
        the_round = await only_round(svc, order_id)
        round_id = the_round["round_id"]
        await all_departments_answer(svc, order_id, UUID(round_id))
        assert (await only_round(svc, order_id))["status"] == "open"
        assert await svc.published("review_decision.requested")

        pending = await svc.client.get(
            "/v1/decisions/pending",
            params={"department": "sales"},
            headers=svc.auth(SALES_REVIEWER),
        )
        (held,) = pending.json()["items"]
        assert held["round_id"] == round_id
        assert held["reasons"][0]["rule"] == "special.custom_product"
        finance_list = await svc.client.get(
            "/v1/decisions/pending",
            params={"department": "sales"},
            headers=svc.auth("review:finance:decide"),
        )
        assert finance_list.status_code == 403

        url = f"/v1/rounds/{round_id}/decisions/sales"
        body = {"decision": "approve"}
        as_finance = await svc.client.post(
            url,
            json=body,
            headers={**svc.auth("review:finance:decide"), "If-Match": held["round_etag"]},
        )
        assert as_finance.status_code == 403
        assert as_finance.headers["content-type"] == "application/problem+json"
        without_etag = await svc.client.post(url, json=body, headers=svc.auth(SALES_REVIEWER))
        assert without_etag.status_code == 428
        svc.clock.advance(timedelta(hours=3))
        decided = await svc.client.post(
            url,
            json=body,
            headers={
                **svc.auth(SALES_REVIEWER, subject="sales-lead"),
                "If-Match": held["round_etag"],
            },
        )
        assert decided.status_code == 200, decided.text
        assert decided.json()["status"] == "approved"
        sales = next(c for c in decided.json()["checks"] if c["department"] == "sales")
        assert (sales["verdict"], sales["source"], sales["decided_by"]) == (
            "pass",
            "person",
            "sales-lead",
        )
        assert sales["decided_at"].startswith("2026-01-05T12:00")

        again = await svc.client.post(
            url,
            json=body,
            headers={**svc.auth(SALES_REVIEWER), "If-Match": decided.headers["ETag"]},
        )
        assert again.status_code == 409
        stale = await svc.client.post(
            url, json=body, headers={**svc.auth(SALES_REVIEWER), "If-Match": held["round_etag"]}
        )
        assert stale.status_code == 412
        empty = await svc.client.get(
            "/v1/decisions/pending",
            params={"department": "sales"},
            headers=svc.auth(SALES_REVIEWER),
        )
        assert empty.json()["items"] == []


async def test_a_rejection_by_a_person_needs_a_reason_and_rejects_the_round(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order(urgent=True)))
        round_id = (await only_round(svc, order_id))["round_id"]
        url = f"/v1/rounds/{round_id}/decisions/sales"
        read = await svc.client.get(f"/v1/rounds/{round_id}", headers=svc.auth(READER))
        headers = {**svc.auth(SALES_REVIEWER), "If-Match": read.headers["ETag"]}
        no_reason = await svc.client.post(url, json={"decision": "reject"}, headers=headers)
        assert no_reason.status_code == 422
        unknown = await svc.client.post(
            url, json={"decision": "reject", "why": "x"}, headers=headers
        )
        assert unknown.status_code == 422
        rejected = await svc.client.post(
            url, json={"decision": "reject", "message": "cannot promise that date"}, headers=headers
        )
        assert rejected.status_code == 200
        await all_departments_answer(svc, order_id, UUID(round_id))
        (event,) = await svc.published("review_round.rejected")
        (reason,) = event.narrow(review.RoundRejected).payload.reasons
        assert (reason.department, reason.rule, reason.message) == (
            D.SALES,
            "person.decision",
            "cannot promise that date",
        )


async def test_a_round_past_its_deadline_escalates_and_still_takes_late_answers(
    tmp_path: Path,
) -> None:
    """R-3.1, R-9.1: 48 h (8 h when urgent), then an event and a visible status."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        round_id = UUID((await only_round(svc, order_id))["round_id"])
        await svc.deliver(answer(D.PRODUCTION, order_id, round_id))

        svc.clock.advance(timedelta(hours=47, minutes=59))
        assert await svc.run_due_jobs() == 0
        svc.clock.advance(timedelta(minutes=1))
        assert await svc.run_due_jobs() == 1

        (escalated,) = await svc.published("review_round.escalated")
        payload = escalated.narrow(review.RoundEscalated).payload
        assert payload.missing_departments == (D.PROCUREMENT, D.LOGISTICS)
        shown = await only_round(svc, order_id)
        assert (shown["status"], shown["escalation_level"]) == ("escalated", 1)

        await svc.deliver(answer(D.PROCUREMENT, order_id, round_id))
        await svc.deliver(answer(D.LOGISTICS, order_id, round_id))
        assert (await only_round(svc, order_id))["status"] == "approved"
        svc.clock.advance(timedelta(days=10))
        assert await svc.run_due_jobs() == 0  # the next escalation was disarmed on closing


async def test_an_urgent_order_gets_the_shorter_deadline(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order(urgent=True)))
        shown = await only_round(svc, order_id)
        assert shown["deadline"].startswith("2026-01-05T17:00")
        svc.clock.advance(timedelta(hours=8))
        assert await svc.run_due_jobs() == 1
        assert await svc.published("review_round.escalated")


async def test_a_duplicate_answer_changes_nothing(tmp_path: Path) -> None:
    """DESIGN §3, §5: the same event twice, or a second answer of a department, is a no-op."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        round_id = UUID((await only_round(svc, order_id))["round_id"])
        first = answer(D.PRODUCTION, order_id, round_id)
        assert await svc.deliver(first) == "processed"
        assert await svc.deliver(first) == "duplicate"
        before = await only_round(svc, order_id)
        contrary = refusal(D.PRODUCTION, "capacity.short", "no capacity")
        await svc.deliver(answer(D.PRODUCTION, order_id, round_id, contrary))
        after = await only_round(svc, order_id)
        assert after == before
        recorded = await outcome_events(svc, round_id)
        assert recorded.count("department_check.recorded") == 3  # sales, finance, production


async def test_a_customer_sees_only_the_rounds_of_its_own_orders(tmp_path: Path) -> None:
    """DESIGN §6: another customer's round is a 404, and is not listed."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        round_id = (await only_round(svc, order_id))["round_id"]
        own = svc.auth(READER, kind="customer", customer_id=str(CUSTOMER))
        other = svc.auth(READER, kind="customer", customer_id=str(uuid4()))
        assert (await svc.client.get(f"/v1/rounds/{round_id}", headers=own)).status_code == 200
        assert (await svc.client.get(f"/v1/rounds/{round_id}", headers=other)).status_code == 404
        listed = await svc.client.get("/v1/rounds", headers=other)
        assert listed.json()["items"] == []
        assert (await svc.client.get("/v1/rounds", headers=own)).json()["items"][0][
            "round_id"
        ] == round_id
        assert (await svc.client.get("/v1/rounds")).status_code == 401


async def test_a_deadline_survives_a_restart(tmp_path: Path) -> None:
    """R-3.1: the deadline is persisted; a restarted service still escalates the round."""
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        order_id = uuid4()
        await svc.deliver(submitted(order_id, order()))
        clock = svc.clock
    clock.advance(timedelta(hours=48))
    async with running_service("review", tmp_path, clock) as restarted:
        assert await restarted.run_due_jobs() == 1
        assert (await only_round(restarted, order_id))["status"] == "escalated"


async def test_rounds_are_paged_with_a_cursor_and_filtered_by_status(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        await standard_rules(svc)
        await svc.deliver(customer_registered())
        orders = [uuid4() for _ in range(3)]
        for order_id in orders:
            await svc.deliver(submitted(order_id, order()))
        round_id = UUID((await only_round(svc, orders[0]))["round_id"])
        await all_departments_answer(svc, orders[0], round_id)
        headers = svc.auth(READER)
        first = (await svc.client.get("/v1/rounds", params={"limit": 2}, headers=headers)).json()
        rest = await svc.client.get(
            "/v1/rounds", params={"limit": 2, "cursor": first["next_cursor"]}, headers=headers
        )
        pages = [r["order_id"] for r in first["items"] + rest.json()["items"]]
        assert (pages, rest.json()["next_cursor"]) == ([str(o) for o in orders], None)
        open_only = await svc.client.get("/v1/rounds", params={"status": "open"}, headers=headers)
        assert [r["order_id"] for r in open_only.json()["items"]] == [str(o) for o in orders[1:]]
        bad = await svc.client.get("/v1/rounds", params={"cursor": "abc"}, headers=headers)
        assert bad.status_code == 400
