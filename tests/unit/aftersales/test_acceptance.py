"""The acceptance rules, pure: standard from the order, results, lapse (R-5.5, R-5.6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from orderflow.aftersales.domain import acceptance as rules
from orderflow.aftersales.domain.acceptance import ItemResult
from orderflow.aftersales.domain.claims import Claim
from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.orders import acceptance_period_days, checklist_for, replica_from
from orderflow.contracts import EventPayload
from orderflow.contracts import aftersales as events
from tests.unit.aftersales.builders import snapshot

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
QUANTITIES = {1: "4", 2: "10"}
Recorded = tuple[rules.Acceptance, Claim | None, list[EventPayload]]


def opened(custom_spec: str | None = None) -> rules.Acceptance:
    order = replica_from(str(uuid4()), snapshot(custom_spec=custom_spec))
    acceptance, _ = rules.open_acceptance(str(uuid4()), order, NOW, 7)
    return acceptance


def record(acceptance: rules.Acceptance, *results: ItemResult) -> Recorded:
    return rules.record_results(
        acceptance,
        {r.item_no: r for r in results},
        by_customer=True,
        claim_id=str(uuid4()),
        quantities=QUANTITIES,
        now=NOW,
    )


def test_the_checklist_covers_every_line_and_the_custom_spec() -> None:
    order = replica_from(str(uuid4()), snapshot(custom_spec="RAL 5010 paint"))
    items = checklist_for(order)
    assert [(i.item_no, i.line_no) for i in items] == [(1, 1), (2, 2), (3, None)]
    assert "RAL 5010 paint" in items[2].criterion


def test_the_period_is_the_contracts_then_the_customers_then_the_default() -> None:
    with_contract = replica_from("o1", snapshot(acceptance_period_days=3))
    without = replica_from("o2", snapshot())
    assert acceptance_period_days(with_contract, 14, 7) == 3
    assert acceptance_period_days(without, 14, 7) == 14
    assert acceptance_period_days(without, None, 7) == 7


def test_opening_sets_the_deadline_and_publishes_the_checklist() -> None:
    order = replica_from(str(uuid4()), snapshot())
    acceptance, (event,) = rules.open_acceptance(str(uuid4()), order, NOW, 5)
    assert acceptance.deadline == NOW + timedelta(days=5)
    assert isinstance(event, events.AcceptanceOpened)
    assert len(event.checklist) == 2


def test_partial_results_keep_it_open_and_all_passed_pass_it() -> None:
    partial, claim, emitted = record(opened(), ItemResult(1, True))
    assert (partial.status, claim, emitted) == ("open", None, [])
    done, claim, emitted = record(partial, ItemResult(2, True))
    assert done.status == "passed"
    assert claim is None
    assert [type(e) for e in emitted] == [events.AcceptancePassed]


def test_an_unlined_failure_claims_every_line() -> None:
    done, claim, emitted = record(
        opened("spec"),
        ItemResult(1, True),
        ItemResult(2, True),
        ItemResult(3, False, "Wrong colour"),
    )
    assert done.status == "failed"
    assert claim is not None
    assert [(line.line_no, line.quantity) for line in claim.lines] == [(1, "4"), (2, "10")]
    assert [type(e) for e in emitted] == [events.AcceptanceFailed, events.ClaimOpened]


def test_a_failure_needs_a_finding_and_items_must_exist() -> None:
    with pytest.raises(RuleError, match="say what"):
        record(opened(), ItemResult(1, False))
    with pytest.raises(RuleError, match=r"\[7\]"):
        record(opened(), ItemResult(7, True))


def test_lapse_accepts_only_an_open_inspection() -> None:
    lapsed, (event,) = rules.lapse(opened(), NOW + timedelta(days=7))
    assert lapsed.status == "auto_accepted"
    assert isinstance(event, events.AcceptanceAutoAccepted)
    assert rules.lapse(lapsed, NOW + timedelta(days=8)) == (lapsed, [])
    with pytest.raises(RuleError):
        record(lapsed, ItemResult(1, True))
