"""Acceptance inspections: opened on delivery, recorded item by item, or lapsing (R-5.5, R-5.6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from uuid import UUID

from orderflow.aftersales.domain.claims import Claim, open_claim
from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.orders import CheckItem, OrderReplica, checklist_for
from orderflow.contracts import aftersales as events
from orderflow.contracts.base import EventPayload

OPEN, PASSED, FAILED, AUTO_ACCEPTED = "open", "passed", "failed", "auto_accepted"
ACCEPTED_AFTER_CLAIM = "accepted_after_claim"
ACCEPTED = (PASSED, AUTO_ACCEPTED, ACCEPTED_AFTER_CLAIM)


@dataclass(frozen=True)
class Acceptance:
    id: str
    order_id: str
    customer_id: str
    status: str
    opened_at: datetime
    deadline: datetime
    checklist: tuple[CheckItem, ...]
    concluded_at: datetime | None = None
    recorded_by_customer: bool | None = None
    claim_id: str | None = None
    version: int = 1


@dataclass(frozen=True)
class ItemResult:
    item_no: int
    passed: bool
    finding: str | None = None


def open_acceptance(
    acceptance_id: str, order: OrderReplica, delivered_at: datetime, period_days: int
) -> tuple[Acceptance, list[EventPayload]]:
    """The inspection of a delivered order against its standard, due `period_days` later."""
    acceptance = Acceptance(
        id=acceptance_id,
        order_id=order.order_id,
        customer_id=order.customer_id,
        status=OPEN,
        opened_at=delivered_at,
        deadline=delivered_at + timedelta(days=period_days),
        checklist=checklist_for(order),
    )
    opened = events.AcceptanceOpened(
        acceptance_id=UUID(acceptance_id),
        deadline=acceptance.deadline,
        checklist=tuple(
            events.ChecklistItem(item_no=i.item_no, line_no=i.line_no, criterion=i.criterion)
            for i in acceptance.checklist
        ),
    )
    return acceptance, [opened]


def record_results(
    acceptance: Acceptance,
    results: Mapping[int, ItemResult],
    *,
    by_customer: bool,
    claim_id: str,
    quantities: Mapping[int, str],
    now: datetime,
) -> tuple[Acceptance, Claim | None, list[EventPayload]]:
    """Record item results; once every item has one, the order passes or a claim opens."""
    if acceptance.status != OPEN:
        raise RuleError("acceptance-concluded", "the acceptance is concluded", acceptance.status)
    known = {item.item_no for item in acceptance.checklist}
    if unknown := sorted(set(results) - known):
        raise RuleError("unknown-checklist-item", f"no checklist item(s) {unknown}")
    for result in results.values():
        if not result.passed and not result.finding:
            raise RuleError("finding-required", f"item {result.item_no} failed: say what")
    checklist = tuple(_apply(item, results.get(item.item_no)) for item in acceptance.checklist)
    updated = replace(acceptance, checklist=checklist, version=acceptance.version + 1)
    if any(item.result is None for item in checklist):
        return updated, None, []
    return _conclude(updated, by_customer, claim_id, quantities, now)


def _apply(item: CheckItem, result: ItemResult | None) -> CheckItem:
    if result is None:
        return item
    outcome = "passed" if result.passed else "failed"
    return replace(item, result=outcome, finding=None if result.passed else result.finding)


def _conclude(
    acceptance: Acceptance,
    by_customer: bool,
    claim_id: str,
    quantities: Mapping[int, str],
    now: datetime,
) -> tuple[Acceptance, Claim | None, list[EventPayload]]:
    failed = [item for item in acceptance.checklist if item.result == "failed"]
    done = replace(acceptance, concluded_at=now, recorded_by_customer=by_customer)
    if not failed:
        passed = events.AcceptancePassed(
            acceptance_id=UUID(acceptance.id),
            recorded_by_customer=by_customer,
        )
        return replace(done, status=PASSED), None, [passed]
    failure = events.AcceptanceFailed(
        acceptance_id=UUID(acceptance.id),
        recorded_by_customer=by_customer,
        failed_items=tuple(
            events.FailedItem(item_no=i.item_no, line_no=i.line_no, finding=i.finding or "")
            for i in failed
        ),
    )
    claim, claim_events = open_claim(claim_id, done, failed, quantities, now=now)
    return replace(done, status=FAILED, claim_id=claim_id), claim, [failure, *claim_events]


def lapse(acceptance: Acceptance, now: datetime) -> tuple[Acceptance, list[EventPayload]]:
    """The deadline passed with no complete report: the order counts as accepted (R-5.6)."""
    if acceptance.status != OPEN:
        return acceptance, []
    lapsed = replace(
        acceptance, status=AUTO_ACCEPTED, concluded_at=now, version=acceptance.version + 1
    )
    event = events.AcceptanceAutoAccepted(
        acceptance_id=UUID(acceptance.id),
        deadline=acceptance.deadline,
    )
    return lapsed, [event]


def accept_after_claim(acceptance: Acceptance) -> Acceptance:
    """The claim is settled (remedied or rejected): the order is accepted on that basis (R-5.6)."""
    return replace(acceptance, status=ACCEPTED_AFTER_CLAIM, version=acceptance.version + 1)
