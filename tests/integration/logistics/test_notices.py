"""Delivery notices over real SMTP, contact from intake, attempts logged, retried (R-5.1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from orderflow.contracts import logistics
from orderflow.logistics.models import delivery_notices
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration


async def test_dispatch_sends_the_customer_a_notice_with_eta_and_place(
    svc: RunningService, mail: support.MailSink, contacts: dict[UUID, dict[str, Any]]
) -> None:
    """R-5.1: the notice names order, arrival and place; the recipient stays out of events."""
    order_id = await flow.ready_order(svc)
    contacts[order_id] = support.contact()
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-77")
    assert await svc.run_due_jobs() == 1

    [message] = mail.received
    assert message["To"] == "anna.berg@example.com"
    assert message["Subject"] == f"Delivery of order {order_id} expected on 2026-01-23"
    body = message.get_content()
    assert "Dear Anna Berg," in body
    assert "Expected arrival: 2026-01-23 between 08:00 and 18:00 UTC" in body
    assert "Marienplatz 1" in body
    assert "TRK-77" in body

    log = await svc.client.get(
        f"/v1/delivery-notices?order_id={order_id}", headers=svc.auth(*support.STAFF)
    )
    [entry] = log.json()["items"]
    assert entry["status"] == "sent"
    assert entry["attempts"] == 1
    assert entry["recipient"] == "anna.berg@example.com"
    async with svc.state.engine.connect() as conn:  # the address is sealed at rest
        stored = (await conn.execute(select(delivery_notices.c.recipient))).scalar_one()
    assert "anna.berg" not in stored
    [sent] = await svc.published("delivery_notice.sent")
    assert sent.narrow(logistics.DeliveryNoticeSent).payload.place.region == "BY"
    assert "anna.berg" not in sent.to_bytes().decode()


async def test_a_refused_send_is_logged_visible_and_retried_until_it_goes_through(
    svc: RunningService, mail: support.MailSink, contacts: dict[UUID, dict[str, Any]]
) -> None:
    """R-5.1: a 451 from the mail server is a failed attempt, shown in the log and retried later."""
    mail.refuse = 1
    order_id = await flow.ready_order(svc)
    contacts[order_id] = support.contact()
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-78")
    await svc.run_due_jobs()

    staff = svc.auth(*support.STAFF)
    failing = await svc.client.get("/v1/delivery-notices?status=retrying", headers=staff)
    [entry] = failing.json()["items"]
    assert entry["attempts"] == 1
    assert entry["last_error"] == "smtp-451"
    assert entry["next_attempt_at"]
    [failed] = await svc.published("delivery_notice.failed")
    assert failed.narrow(logistics.DeliveryNoticeFailed).payload.will_retry is True
    assert mail.received == []

    assert await svc.run_due_jobs() == 0  # not yet due
    svc.clock.advance(timedelta(seconds=61))
    await svc.run_due_jobs()
    [message] = mail.received
    assert message["To"] == "anna.berg@example.com"
    sent = await svc.client.get("/v1/delivery-notices?status=sent", headers=staff)
    assert [n["attempts"] for n in sent.json()["items"]] == [2]


async def test_without_a_contact_from_intake_the_notice_fails_visibly(
    svc: RunningService, mail: support.MailSink
) -> None:
    """R-5.1: the contact comes from order-intake; without one nothing is sent, the log says why."""
    order_id = await flow.ready_order(svc)
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-79")
    await svc.run_due_jobs()
    log = await svc.client.get(
        f"/v1/delivery-notices?order_id={order_id}", headers=svc.auth(*support.STAFF)
    )
    [entry] = log.json()["items"]
    assert entry["status"] == "retrying"
    assert entry["last_error"] == "contact-unavailable"
    assert mail.received == []


async def test_a_notice_that_keeps_failing_ends_failed_and_says_so(
    svc: RunningService, mail: support.MailSink, contacts: dict[UUID, dict[str, Any]]
) -> None:
    """R-5.1: after the last attempt the notice is `failed`, published without a further retry."""
    mail.refuse = 99
    order_id = await flow.ready_order(svc)
    contacts[order_id] = support.contact()
    await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-80")
    for _ in range(5):
        await svc.run_due_jobs()
        svc.clock.advance(timedelta(hours=1))
    log = await svc.client.get(
        "/v1/delivery-notices?status=failed", headers=svc.auth(*support.STAFF)
    )
    [entry] = log.json()["items"]
    assert entry["attempts"] == 5
    assert entry["next_attempt_at"] is None
    failures = [
        e.narrow(logistics.DeliveryNoticeFailed).payload
        for e in await svc.published("delivery_notice.failed")
    ]
    assert [f.will_retry for f in failures] == [True, True, True, True, False]
    assert await svc.run_due_jobs() == 0
    assert mail.received == []
