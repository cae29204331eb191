"""Partner webhooks out: signed deliveries of status changes, retries, log, redelivery."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.integration.intake.receiver import receiver
from tests.integration.intake.support import key, new_customer, order_body, place, settle, staff
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration
SCOPES = (
    "intake:customers:write",
    "intake:orders:write",
    "intake:orders:read",
    "intake:orders:submit",
    "intake:subscriptions:write",
)


async def test_status_changes_reach_the_partner_signed_with_retries(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc, receiver() as hook:
        acme = svc.auth(*SCOPES, kind="partner", subject="acme-sys", partner_id="acme")
        created = await svc.client.post(
            "/v1/partner-subscriptions",
            headers={**acme, **key()},
            json={"url": hook.url, "event_types": ["order.created", "order.submitted"]},
        )
        assert created.status_code == 201, created.text
        sub_id = created.json()["id"]
        secret = await svc.client.get(f"/v1/partner-subscriptions/{sub_id}/secret", headers=acme)
        hook.secret = secret.json()["secret"]
        hook.fail_next = 1

        customer_id = await new_customer(svc, acme)
        order = (await place(svc, order_body(customer_id, "partner"), acme)).json()
        await place(svc, order_body(await new_customer(svc)), staff(svc))  # not acme's order
        await settle(svc)
        assert hook.verified == []  # the first attempt got a 503
        svc.clock.advance(timedelta(seconds=29))
        assert await svc.run_due_jobs() == 0  # backoff: not yet
        svc.clock.advance(timedelta(seconds=1))
        await settle(svc)
        [first] = hook.verified
        message = json.loads(first["body"])
        assert (message["type"], message["data"]["order_id"]) == ("order.created", order["id"])
        assert hook.refused == 0

        log = await svc.client.get(f"/v1/partner-subscriptions/{sub_id}/deliveries", headers=acme)
        [entry] = log.json()
        assert (entry["status"], entry["attempts"]) == ("delivered", 2)
        assert [a["status_code"] for a in entry["attempts_log"]] == [503, 204]

        again = await svc.client.post(
            f"/v1/partner-deliveries/{entry['id']}/redelivery", headers=acme
        )
        assert again.status_code == 202
        await settle(svc)
        assert [v["id"] for v in hook.verified] == [entry["id"], entry["id"]]

        zeta = svc.auth(*SCOPES, kind="partner", subject="zeta-sys", partner_id="zeta")
        foreign = await svc.client.get(
            f"/v1/partner-subscriptions/{sub_id}/deliveries", headers=zeta
        )
        assert foreign.status_code == 404
        redeliver = await svc.client.post(
            f"/v1/partner-deliveries/{entry['id']}/redelivery", headers=zeta
        )
        assert redeliver.status_code == 404


async def test_a_dead_receiver_is_given_up_after_the_last_attempt(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path, partner_webhook_max_attempts=3) as svc:
        acme = svc.auth(*SCOPES, kind="partner", subject="acme-sys", partner_id="acme")
        created = await svc.client.post(
            "/v1/partner-subscriptions",
            headers={**acme, **key()},
            json={"url": "http://127.0.0.1:9/nothing", "event_types": ["order.created"]},
        )
        sub_id = created.json()["id"]
        customer_id = await new_customer(svc, acme)
        await place(svc, order_body(customer_id, "partner"), acme)
        for _ in range(5):
            await settle(svc)
            svc.clock.advance(timedelta(hours=1))
        log = await svc.client.get(f"/v1/partner-subscriptions/{sub_id}/deliveries", headers=acme)
        [entry] = log.json()
        assert (entry["status"], entry["attempts"]) == ("failed", 3)
        assert all(a["error"].startswith("ConnectError") for a in entry["attempts_log"])


async def test_only_order_events_can_be_subscribed(tmp_path: Path) -> None:
    async with running_service("intake", tmp_path) as svc:
        acme = svc.auth(*SCOPES, kind="partner", subject="acme-sys", partner_id="acme")
        response = await svc.client.post(
            "/v1/partner-subscriptions",
            headers={**acme, **key()},
            json={"url": "https://acme.example/hooks", "event_types": ["customer.registered"]},
        )
        assert response.status_code == 422
