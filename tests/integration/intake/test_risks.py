"""Procurement's delays and quality issues show on the order as 'at risk' (R-4.6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from orderflow.contracts import Envelope, procurement
from orderflow.contracts.procurement.purchasing import DelaySource
from tests.integration.intake.support import new_customer, order_body, place, staff
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration
SUPPLIER = uuid4()


def about(payload: procurement.PurchaseOrderEvent) -> Envelope[procurement.PurchaseOrderEvent]:
    return Envelope.new(payload, subject=f"supplier:{SUPPLIER}")


async def read(svc: RunningService, order_id: str) -> tuple[Any, str]:
    response = await svc.client.get(f"/v1/orders/{order_id}", headers=staff(svc))
    return response.json(), response.headers["ETag"]


async def test_a_supplier_delay_puts_the_order_at_risk_until_it_is_resolved(
    tmp_path: Path,
) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = (await place(svc, order_body(await new_customer(svc)), staff(svc))).json()["id"]
        other_id = (await place(svc, order_body(await new_customer(svc)), staff(svc))).json()["id"]
        _, etag_before = await read(svc, order_id)
        delay, po = uuid4(), uuid4()
        await svc.deliver(
            about(
                procurement.SupplierDelayRaised(
                    purchase_order_id=po,
                    supplier_id=SUPPLIER,
                    order_ids=(UUID(order_id),),
                    delay_id=delay,
                    source=DelaySource.SUPPLIER_REPORTED,
                    expected_on=date(2026, 1, 10),
                    new_expected_on=date(2026, 1, 17),
                    reason="strike at the port",
                )
            )
        )
        order, etag = await read(svc, order_id)
        assert order["at_risk"] is True
        assert [r["kind"] for r in order["risks"]] == ["supplier_delay"]
        assert "2026-01-17" in order["risks"][0]["detail"]
        assert etag != etag_before, "a changed representation needs a new ETag"
        assert (await read(svc, other_id))[0]["at_risk"] is False

        await svc.deliver(
            about(
                procurement.SupplierDelayResolved(
                    purchase_order_id=po,
                    supplier_id=SUPPLIER,
                    order_ids=(UUID(order_id),),
                    delay_id=delay,
                    resolution="goods received",
                )
            )
        )
        order, _ = await read(svc, order_id)
        assert (order["at_risk"], order["risks"]) == (False, [])


async def test_a_quality_issue_puts_the_order_at_risk_until_the_reorder_passes(
    tmp_path: Path,
) -> None:
    async with running_service("intake", tmp_path) as svc:
        order_id = (await place(svc, order_body(await new_customer(svc)), staff(svc))).json()["id"]
        issue, po = uuid4(), uuid4()
        orders = (UUID(order_id),)
        await svc.deliver(
            about(
                procurement.QualityIssueRaised(
                    purchase_order_id=po,
                    supplier_id=SUPPLIER,
                    order_ids=orders,
                    issue_id=issue,
                    receipt_id=uuid4(),
                    item_code="STEEL-2MM",
                    quantity_rejected=Decimal("10"),
                    description="rust on the sheets",
                )
            )
        )
        assert (await read(svc, order_id))[0]["at_risk"] is True
        await svc.deliver(
            about(
                procurement.QualityIssueResolved(
                    purchase_order_id=po,
                    supplier_id=SUPPLIER,
                    order_ids=orders,
                    issue_id=issue,
                    resolution="re-order passed",
                )
            )
        )
        assert (await read(svc, order_id))[0]["at_risk"] is False
