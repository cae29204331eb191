"""On-site service visits, scheduled and completed with the customer's sign-off (R-5.4)."""

from __future__ import annotations

import pytest

from orderflow.contracts import Envelope, intake, logistics
from orderflow.contracts.ids import uuid7
from orderflow.contracts.types import SiteServiceKind
from tests.integration.logistics import flow, support
from tests.support.service_app import RunningService

pytestmark = pytest.mark.integration
VISIT = {
    "services": ["installation", "training"],
    "technician_id": "tech-42",
    "starts_at": "2026-01-26T08:00:00Z",
    "ends_at": "2026-01-26T16:00:00Z",
}


async def test_an_installation_visit_is_scheduled_and_completed_with_sign_off(
    svc: RunningService,
) -> None:
    """R-5.4: both steps are recorded and published for the order."""
    services = (SiteServiceKind.INSTALLATION, SiteServiceKind.TRAINING)
    order_id = await flow.ready_order(svc, support.order(site_services=services))
    staff = svc.auth(*support.STAFF)
    made = await svc.client.post(
        f"/v1/orders/{order_id}/site-visits", json=VISIT, headers={**staff, "Idempotency-Key": "v1"}
    )
    assert made.status_code == 201, made.text
    visit = made.json()
    done = await svc.client.post(
        f"/v1/site-visits/{visit['visit_id']}/completion",
        json={
            "completed_at": "2026-01-26T15:30:00Z",
            "customer_signed_off": True,
            "signed_off_by": "Anna Berg",
        },
        headers={**staff, "If-Match": f'"{visit["version"]}"'},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert done.json()["signed_off_by"] == "Anna Berg"
    [scheduled] = await svc.published("site_visit.scheduled")
    [completed] = await svc.published("site_visit.completed")
    assert scheduled.narrow(logistics.SiteVisitScheduled).payload.technician_id == "tech-42"
    assert completed.narrow(logistics.SiteVisitCompleted).payload.customer_signed_off is True
    again = await svc.client.post(
        f"/v1/site-visits/{visit['visit_id']}/completion",
        json={"completed_at": "2026-01-26T15:30:00Z", "customer_signed_off": True},
        headers={**staff, "If-Match": f'"{done.json()["version"]}"'},
    )
    assert again.status_code == 409


async def test_a_visit_the_order_did_not_ask_for_is_refused(svc: RunningService) -> None:
    """R-5.4: on-site service only where the contract asks for it."""
    order_id = await flow.ready_order(
        svc, support.order(site_services=(SiteServiceKind.INSTALLATION,))
    )
    staff = svc.auth(*support.STAFF)
    refused = await svc.client.post(
        f"/v1/orders/{order_id}/site-visits", json=VISIT, headers={**staff, "Idempotency-Key": "v2"}
    )
    assert refused.status_code == 409
    assert "training" in refused.json()["detail"]


async def test_a_change_that_adds_installation_allows_the_visit(svc: RunningService) -> None:
    """R-6.2, R-5.4: logistics plans against the order's new version."""
    order_id = await flow.ready_order(svc)
    staff = svc.auth(*support.STAFF)
    visit = {**VISIT, "services": ["installation"]}
    before = await svc.client.post(
        f"/v1/orders/{order_id}/site-visits", json=visit, headers={**staff, "Idempotency-Key": "v3"}
    )
    assert before.status_code == 409
    changed = intake.OrderChanged(
        change_request_id=uuid7(),
        order=support.order(site_services=(SiteServiceKind.INSTALLATION,)),
    )
    await svc.deliver(Envelope.new(changed, order_id=order_id))
    after = await svc.client.post(
        f"/v1/orders/{order_id}/site-visits", json=visit, headers={**staff, "Idempotency-Key": "v4"}
    )
    assert after.status_code == 201, after.text
