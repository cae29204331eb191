"""The order lifecycle end to end, as a client would drive it over HTTP (issue 9, DESIGN §4-5).

Every wait polls with a deadline (`eventually`); nothing sleeps to synchronise."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from tests.e2e import flow
from tests.e2e.conftest import MailSink
from tests.e2e.flow import Client, codes, eventually, key, match, ok, submitted_order

pytestmark = pytest.mark.e2e


async def test_happy_path_from_shopify_webhook_to_closed(
    base_url: str, smtp_server: MailSink
) -> None:
    sku, item = codes()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        client = Client(http)
        order = await submitted_order(client, sku, item)
        order_id = str(order["id"])
        await client.order_status(order_id, "approved")
        (review,) = (await client.get("/review/v1/rounds", client.review, order_id=order_id))[
            "items"
        ]
        assert review["status"] == "approved", review
        assert {c["department"]: c["verdict"] for c in review["checks"]} == {
            d: "pass" for d in ("sales", "finance", "production", "procurement", "logistics")
        }
        await delivered(client, order_id, item, smtp_server)
        acceptance = await accept(client, order_id)
        await client.order_status(order_id, "accepted")
        assert acceptance["status"] == "passed", acceptance
        await follow_up(client, order_id)
        await client.order_status(order_id, "closed")


async def delivered(client: Client, order_id: str, item: str, mailbox: MailSink) -> None:
    await client.order_status(order_id, "in_production")
    await produce(client, order_id, item)
    await client.order_status(order_id, "ready_to_ship")
    await ship(client, order_id, mailbox)
    await client.order_status(order_id, "delivered")


async def follow_up(client: Client, order_id: str) -> None:
    """Customer service visits the accepted order's customer; the order is closed (R-7.5)."""
    h = client.aftersales

    async def scheduled() -> Any:
        found = await client.get("/aftersales/v1/follow-ups", h, limit=100)
        return [f for f in found["items"] if f["order_id"] == order_id]

    (visit,) = await eventually(scheduled, what="follow-up scheduled")
    ok(
        await client.http.post(
            f"/aftersales/v1/follow-ups/{visit['id']}/result",
            json={"outcome": "satisfied", "satisfaction": 5, "opinions": "sturdy chairs"},
            headers={**h, **match(visit["version"])},
        )
    )


async def materials_ready(client: Client, order_id: str) -> Any:
    """Plan → purchase order for the short material → receipt → requisition fulfilled."""
    h = client.production

    async def plan() -> Any:
        plans = await client.get("/production/v1/plans", h, order_id=order_id)
        return plans["items"][0] if plans["items"] else None

    plan_id = (await eventually(plan, what="production plan"))["id"]
    detail = await client.get(f"/production/v1/plans/{plan_id}", h)
    assert detail["tasks"], detail

    async def purchase_order() -> Any:
        pos = await client.get(
            "/procurement/v1/purchase-orders", client.procurement, order_id=order_id
        )
        return pos["items"][0] if pos["items"] else None

    po = await eventually(purchase_order, what="purchase order placed")
    current = await client.http.get(
        f"/procurement/v1/purchase-orders/{po['id']}", headers=client.procurement
    )
    line = ok(current)
    quantity = str(line.get("quantity") or po.get("quantity"))
    ok(
        await client.http.post(
            f"/procurement/v1/purchase-orders/{po['id']}/receipts",
            json={"quantity_received": quantity, "quality_passed": True},
            headers={**client.procurement, **key(), "If-Match": current.headers["ETag"]},
        ),
        201,
    )

    async def requisition_fulfilled() -> Any:
        found = await client.get(
            "/procurement/v1/requisitions", client.procurement, order_id=order_id
        )
        return [r for r in found["items"] if r["status"] == "fulfilled"]

    await eventually(requisition_fulfilled, what="materials ready (requisition fulfilled)")
    return detail


async def produce(client: Client, order_id: str, item: str) -> None:
    """Materials ready, every task done, QC passed: production completed (R-4.1-R-4.6)."""
    h = client.production
    detail = await materials_ready(client, order_id)
    plan_id = detail["id"]
    for task in detail["tasks"]:
        await report_done(client, str(task["id"]))
    ok(
        await client.http.post(
            f"/production/v1/plans/{plan_id}/qc-reports",
            json={
                "passed": True,
                "measurements": [
                    {
                        "characteristic": "load",
                        "expected": ">= 120 kg",
                        "actual": "150 kg",
                        "unit": "kg",
                        "passed": True,
                    }
                ],
            },
            headers={**h, **key()},
        ),
        201,
    )


async def report_done(client: Client, task_id: str, percent: str = "100", hours: str = "2") -> None:
    """Progress (done at 100 %); the first report waits for the materials to be ready (409)."""
    path = f"/production/v1/tasks/{task_id}"

    async def reported() -> Any:
        current = await client.http.get(path, headers=client.production)
        answer = await client.http.post(
            f"{path}/progress",
            json={"percent_done": percent, "hours_worked": hours, "done": percent == "100"},
            headers={**client.production, "If-Match": current.headers["ETag"]},
        )
        if answer.status_code == 409:
            return None
        return ok(answer)

    await eventually(reported, what=f"task {task_id} done")


async def ship(client: Client, order_id: str, mailbox: MailSink) -> Any:
    """Plan and dispatch a shipment, the notice by SMTP, documents, signed proof of delivery."""
    h = client.logistics
    order = await client.order(order_id)
    body = {
        "route": ["MUC-DEPOT", "DE-BY-80331"],
        "packages": [
            {
                "weight_kg": "20",
                "length_cm": "60",
                "width_cm": "60",
                "height_cm": "90",
                "line_nos": [ln["line_no"] for ln in order["content"]["lines"]],
            }
        ],
        "dispatch_on": date.today().isoformat(),
    }
    planned = ok(
        await client.http.post(
            f"/logistics/v1/orders/{order_id}/shipments", json=body, headers={**h, **key()}
        ),
        201,
    )
    shipment_id = planned["shipment_id"]
    dispatched = ok(
        await client.http.post(
            f"/logistics/v1/shipments/{shipment_id}/dispatch",
            json={"tracking_number": f"TRK{uuid.uuid4().hex[:10].upper()}"},
            headers={**h, **match(planned["version"])},
        )
    )
    await client.order_status(order_id, "shipped")
    contact = await client.get(f"/intake/v1/orders/{order_id}/delivery-contact", client.sales)

    async def notice() -> Any:
        return [m for m in mailbox.received if contact["email"] in str(m["To"])]

    await eventually(notice, timeout=120, what=f"delivery notice mailed to {contact['email']}")

    async def documents() -> Any:
        answer = ok(await client.http.get(f"/logistics/v1/orders/{order_id}/documents", headers=h))
        found = answer["items"] if isinstance(answer, dict) else answer
        return found or None

    items = await eventually(documents, what="delivery documents")
    for doc in items:
        pdf = await client.http.get(f"/logistics/v1/documents/{doc['document_id']}", headers=h)
        assert pdf.status_code == 200, pdf.text[:200]
        assert pdf.content.startswith(b"%PDF")
    signed = await client.http.post(
        f"/logistics/v1/shipments/{shipment_id}/proof-of-delivery",
        data={
            "signer_name": "Bo Buyer",
            "signed_at": datetime.now(UTC).isoformat(),
            "notes": "all fine",
        },
        files={"signature": ("signature.png", flow.signature_png(), "image/png")},
        headers={**h, **match(dispatched["version"])},
    )
    return ok(signed, 200, 201)


async def accept(client: Client, order_id: str, failing: str | None = None) -> Any:
    """The acceptance inspection (R-5.5, R-5.6): all passed, or the first item fails."""
    h = client.aftersales

    async def opened() -> Any:
        found = await client.get("/aftersales/v1/acceptances", h, order_id=order_id)
        return found["items"][0] if found["items"] else None

    acceptance = await eventually(opened, what="acceptance opened")
    current = await client.http.get(f"/aftersales/v1/acceptances/{acceptance['id']}", headers=h)
    items: list[dict[str, Any]] = [
        {"item_no": i["item_no"], "passed": True} for i in ok(current)["checklist"]
    ]
    if failing:
        items[0] = {"item_no": items[0]["item_no"], "passed": False, "finding": failing}
    return ok(
        await client.http.post(
            f"/aftersales/v1/acceptances/{acceptance['id']}/results",
            json={"items": items},
            headers={**h, "If-Match": current.headers["ETag"]},
        )
    )


async def test_order_over_its_credit_limit_is_returned_and_approved_after_resubmission(
    base_url: str,
) -> None:
    """R-3.1, R-3.3: sales rejects over the limit; finance raises it; the resubmission passes."""
    sku, item = codes()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        client = Client(http)
        order = await submitted_order(client, sku, item, limit="100")
        order_id = str(order["id"])
        returned = await client.order_status(order_id, "returned")
        assert returned["return_reasons"], returned
        (first,) = (await client.get("/review/v1/rounds", client.review, order_id=order_id))[
            "items"
        ]
        assert first["status"] == "rejected", first
        assert {r["department"] for r in first["failing_reasons"]} == {"sales"}, first

        await flow.credit_limit(client, str(order["customer_id"]), "100000")
        await flow.submit(client, order, path="resubmission")
        await client.order_status(order_id, "in_production")
        rounds = (await client.get("/review/v1/rounds", client.review, order_id=order_id))["items"]
        assert sorted((r["revision"], r["status"]) for r in rounds) == [
            (0, "rejected"),
            (1, "approved"),
        ]


async def test_change_request_of_an_order_in_production_is_assessed_and_applied(
    base_url: str,
) -> None:
    """R-6.1, R-6.2: one more chair; a change round with every department, a new order version."""
    sku, item = codes()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        client = Client(http)
        order = await submitted_order(client, sku, item)
        order_id = str(order["id"])
        current = await client.order_status(order_id, "in_production")
        proposed = flow.content_of(current)
        proposed["lines"][0]["quantity"] = "3"
        proposed["subtotal"] = proposed["total"] = "450.00"
        read = await client.http.get(f"/intake/v1/orders/{order_id}", headers=client.sales)
        accepted = ok(
            await client.http.post(
                f"/intake/v1/orders/{order_id}/change-requests",
                json={"kinds": ["quantity"], "reason": "one more chair", "proposed": proposed},
                headers={**client.sales, "If-Match": read.headers["ETag"]},
            ),
            202,
        )
        assert accepted["status"] == "pending"

        async def changed() -> Any:
            order = await client.order(order_id)
            return order if order["content"]["version"] > current["content"]["version"] else None

        changed_order = await eventually(changed, what="change applied (new order version)")
        assert changed_order["status"] == "in_production"
        assert changed_order["content"]["lines"][0]["quantity"] in ("3", "3.000", 3)
        rounds = (await client.get("/review/v1/rounds", client.review, order_id=order_id))["items"]
        change = [r for r in rounds if r["kind"] == "change"]
        assert [r["status"] for r in change] == ["approved"], change


async def test_cancellation_of_a_partly_produced_order_is_settled(base_url: str) -> None:
    """R-6.3: half the work done, the customer cancels; departments report what was incurred."""
    sku, item = codes()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        client = Client(http)
        order = await submitted_order(client, sku, item)
        order_id = str(order["id"])
        await client.order_status(order_id, "in_production")
        plan = await materials_ready(client, order_id)
        await report_done(client, str(plan["tasks"][0]["id"]), percent="50", hours="1")

        read = await client.http.get(f"/intake/v1/orders/{order_id}", headers=client.sales)
        ok(
            await client.http.post(
                f"/intake/v1/orders/{order_id}/cancellation-requests",
                json={"reason": "the customer's project was stopped"},
                headers={**client.sales, "If-Match": read.headers["ETag"]},
            ),
            202,
        )
        cancelled = await client.order_status(order_id, "cancelled")
        rounds = (await client.get("/review/v1/rounds", client.review, order_id=order_id))["items"]
        (cancellation,) = [r for r in rounds if r["kind"] == "cancellation"]
        assert cancellation["status"] == "approved", cancellation
        (closing,) = [h for h in cancelled["history"] if h["transition"] == "order.cancelled"]
        settlement = {s["department"]: s for s in closing["why"]["settlement"]}
        # One hour at 50 EUR, and half the first operation's materials (2 x 2 kg x 3 EUR).
        assert settlement["production"]["work_state"] == "partly_done", settlement
        assert settlement["production"]["cost_incurred"] == {"amount": "56.00", "currency": "EUR"}
        assert settlement["logistics"]["work_state"] == "not_started", settlement

        async def plan_stopped() -> Any:
            found = await client.get(f"/production/v1/plans/{plan['id']}", client.production)
            return found if found["status"] != plan["status"] else None

        await eventually(plan_stopped, what="production plan stopped")


async def test_claim_after_a_failed_acceptance_is_compensated_and_the_order_closed(
    base_url: str, smtp_server: MailSink
) -> None:
    """R-5.6, R-7.4: a scratched chair; the company's fault; compensation; accepted, closed."""
    sku, item = codes()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        client = Client(http)
        order = await submitted_order(client, sku, item)
        order_id = str(order["id"])
        await delivered(client, order_id, item, smtp_server)
        acceptance = await accept(client, order_id, failing="seat scratched")
        assert acceptance["status"] == "failed", acceptance
        assert acceptance["claim_id"], acceptance
        await client.order_status(order_id, "claim_open")

        h = client.aftersales
        claim_path = f"/aftersales/v1/claims/{acceptance['claim_id']}"
        claim = await client.get(claim_path, h)
        verified = ok(
            await client.http.post(
                f"{claim_path}/verification",
                json={"fault": "company", "finding": "finish damaged before packing"},
                headers={**h, **match(claim["version"])},
            )
        )
        closed = ok(
            await client.http.post(
                f"{claim_path}/remedy",
                json={
                    "remedy": "compensation",
                    "compensation": {"amount": "40.00", "currency": "EUR"},
                },
                headers={**h, **match(verified["version"])},
            )
        )
        assert closed["status"] == "closed", closed
        accepted = await client.order_status(order_id, "accepted")
        assert accepted["history"][-1]["transition"] == "order.accepted", accepted["history"]
        await follow_up(client, order_id)
        await client.order_status(order_id, "closed")
