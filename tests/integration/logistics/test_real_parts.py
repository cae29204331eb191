"""Logistics on PostgreSQL and Apache Kafka: from assessment to signed receipt (R-3.1–R-5.3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from orderflow.contracts import logistics
from tests.integration.logistics import flow, support
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_a_shipment_from_plan_to_signed_receipt_on_postgresql_and_kafka(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    """R-4.7, R-4.8, R-5.1, R-5.2, R-5.3 on the production parts: notice over SMTP, PDFs, proof."""
    mail = support.MailSink()
    with support.smtp_server(mail) as port:
        async with running_service(
            "logistics",
            tmp_path,
            database_url=postgres_url,
            kafka_bootstrap=kafka_bootstrap,
            smtp_port=port,
            peer_urls={"intake": "http://intake"},
        ) as svc:
            contacts: dict[UUID, dict[str, Any]] = {}
            svc.app.state.notifier.intake_transport = support.intake_stand_in(
                svc.app.state.auth, contacts
            )
            order_id = await flow.ready_order(svc)
            contacts[order_id] = support.contact()
            [answer] = await svc.published("delivery_assessment.answered")
            assert (
                answer.narrow(logistics.DeliveryAssessmentAnswered).payload.result.verdict == "pass"
            )
            shipment = await flow.dispatch(svc, await flow.plan(svc, order_id, [1, 2]), "TRK-PG-1")
            await svc.run_due_jobs()
            assert [m["To"] for m in mail.received] == ["anna.berg@example.com"]
            signed = await flow.sign(svc, shipment)
            assert signed.status_code == 201, signed.text
            [delivered] = await svc.published("shipment.delivered")
            assert delivered.narrow(logistics.ShipmentDelivered).payload.all_delivered is True
            documents = await svc.client.get(
                f"/v1/orders/{order_id}/documents", headers=svc.auth(*support.STAFF)
            )
            assert len(documents.json()) == 5
