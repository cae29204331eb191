"""Procurement's answer to an assessment: what must be bought, lead time, cost (R-3.1)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from orderflow.contracts import procurement as events
from orderflow.contracts.production import ProductionAssessmentAnswered
from orderflow.contracts.types import Verdict
from tests.integration.procurement.support import add_item, add_supplier, production_answered
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration


async def test_short_materials_are_priced_with_lead_time_and_supplier(tmp_path: Path) -> None:
    """R-3.1: for production's shortfall, the supplier's lead time, date and cost."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "steel-s235", "0")
        supplier = await add_supplier(svc, "In Time", [("steel-s235", 5, "2.50")])
        order_id = uuid.uuid4()
        production = production_answered(order_id, [("steel-s235", "8")], date(2026, 2, 1))

        await svc.deliver(production)

        [answered] = await svc.published("materials_assessment.answered")
        answer = answered.narrow(events.MaterialsAssessmentAnswered).payload
        assert answered.order_id == order_id
        assert answer.round_id == production.narrow(ProductionAssessmentAnswered).payload.round_id
        assert answer.result.verdict is Verdict.PASS
        [need] = answer.purchases_needed
        assert need.supplier_id == uuid.UUID(supplier["id"])
        assert (need.quantity, need.lead_time_days, need.available_by) == (
            Decimal(8),
            5,
            date(2026, 1, 10),
        )
        assert (need.cost.amount, need.cost.currency) == (Decimal(20), "EUR")
        assert answer.earliest_available_date == date(2026, 1, 10)


async def test_a_material_nobody_qualified_supplies_fails_with_the_reason(tmp_path: Path) -> None:
    """R-3.1/R-4.5: no qualified supplier for an item fails the answer, naming the item."""
    async with running_service("procurement", tmp_path) as svc:
        await add_item(svc, "titanium", "0", category="exotic")
        await add_supplier(svc, "Steel Only", [("titanium", 3, "50")], categories=("steel",))

        await svc.deliver(production_answered(uuid.uuid4(), [("titanium", "2")]))

        [answered] = await svc.published("materials_assessment.answered")
        answer = answered.narrow(events.MaterialsAssessmentAnswered).payload
        assert answer.result.verdict is Verdict.FAIL
        [reason] = answer.result.reasons
        assert (reason.rule, "titanium" in reason.message) == ("no-qualified-supplier", True)
        assert answer.earliest_available_date is None


async def test_nothing_to_buy_passes(tmp_path: Path) -> None:
    async with running_service("procurement", tmp_path) as svc:
        await svc.deliver(production_answered(uuid.uuid4(), []))
        [answered] = await svc.published("materials_assessment.answered")
        answer = answered.narrow(events.MaterialsAssessmentAnswered).payload
        assert (answer.result.verdict, answer.purchases_needed) == (Verdict.PASS, ())
