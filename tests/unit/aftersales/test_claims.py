"""The claim rules, pure: fault, remedy, closing on the remedy's own event (R-5.6)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from orderflow.aftersales.domain import claims as rules
from orderflow.aftersales.domain.claims import Claim, ClaimLine
from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.tickets import Ticket
from orderflow.contracts import aftersales as events
from orderflow.contracts.types import Money

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CLAIM = Claim(
    id="0193a000-0000-7000-8000-000000000001",
    order_id="0193a000-0000-7000-8000-000000000002",
    customer_id="0193a000-0000-7000-8000-000000000003",
    acceptance_id="0193a000-0000-7000-8000-000000000004",
    status=rules.OPEN,
    lines=(ClaimLine(1, "4", "dented"),),
    opened_at=NOW,
)
COMPENSATION_ID = "0193a000-0000-7000-8000-000000000005"


def company_fault() -> Claim:
    claim, _ = rules.verify(CLAIM, events.Fault.COMPANY, "thin packing", NOW)
    return claim


def test_not_the_companys_fault_rejects_the_claim() -> None:
    for fault in (events.Fault.CARRIER, events.Fault.CUSTOMER, events.Fault.NONE):
        claim, emitted = rules.verify(CLAIM, fault, "seen", NOW)
        assert (claim.status, claim.outcome) == ("closed", "rejected")
        assert [type(e) for e in emitted] == [events.ClaimVerified, events.ClaimClosed]


@pytest.mark.parametrize(
    "remedy", [events.Remedy.RETURN, events.Remedy.EXCHANGE, events.Remedy.RESUPPLY]
)
def test_a_departments_remedy_waits_for_its_own_event(remedy: events.Remedy) -> None:
    chosen, emitted = rules.choose_remedy(
        company_fault(), remedy, None, compensation_id=COMPENSATION_ID, now=NOW
    )
    assert chosen.status == "remedy_in_progress"
    assert [type(e) for e in emitted] == [events.ClaimRemedyChosen]
    others = [r for r in events.Remedy if r not in (remedy, events.Remedy.COMPENSATION)]
    for other in others:
        assert rules.remedy_done(chosen, other, NOW) == (chosen, [])
    closed, (event,) = rules.remedy_done(chosen, remedy, NOW)
    assert (closed.status, closed.outcome) == ("closed", "remedied")
    assert isinstance(event, events.ClaimClosed)
    assert event.remedy is remedy


def test_compensation_is_granted_and_closes_at_once() -> None:
    money = Money(amount=Decimal("80.00"), currency="EUR")
    closed, emitted = rules.choose_remedy(
        company_fault(), events.Remedy.COMPENSATION, money, compensation_id=COMPENSATION_ID, now=NOW
    )
    assert closed.status == "closed"
    assert [type(e) for e in emitted] == [
        events.ClaimRemedyChosen,
        events.CompensationGranted,
        events.ClaimClosed,
    ]


def test_compensation_needs_an_amount_and_a_remedy_needs_verification() -> None:
    with pytest.raises(RuleError, match="amount"):
        rules.choose_remedy(
            company_fault(),
            events.Remedy.COMPENSATION,
            None,
            compensation_id=COMPENSATION_ID,
            now=NOW,
        )
    with pytest.raises(RuleError, match="open"):
        rules.choose_remedy(
            CLAIM, events.Remedy.RETURN, None, compensation_id=COMPENSATION_ID, now=NOW
        )


def warranty_ticket(kind: str = "warranty") -> Ticket:
    return Ticket(
        id="0193a000-0000-7000-8000-000000000021",
        customer_id=CLAIM.customer_id,
        order_id=CLAIM.order_id,
        kind=kind,
        channel="email",
        priority="normal",
        status="open",
        summary="Leaks",
        opened_at=NOW,
        first_response_due=NOW,
        resolution_due=NOW,
    )


def test_a_warranty_ticket_opens_a_claim_on_the_orders_lines() -> None:
    claim, (event,) = rules.open_warranty_claim(
        CLAIM.id, warranty_ticket(), [ClaimLine(1, "1", "leaks")], events.Remedy.RETURN, [1, 2], NOW
    )
    assert (claim.ticket_id, claim.acceptance_id, claim.status) == (
        warranty_ticket().id,
        None,
        "open",
    )
    assert isinstance(event, events.ClaimOpened)
    assert event.requested_remedy is events.Remedy.RETURN
    with pytest.raises(RuleError, match="no line"):
        rules.open_warranty_claim(
            CLAIM.id, warranty_ticket(), [ClaimLine(3, "1", "x")], None, [1], NOW
        )
    with pytest.raises(RuleError, match="warranty"):
        rules.open_warranty_claim(
            CLAIM.id, warranty_ticket("complaint"), [ClaimLine(1, "1", "x")], None, [1], NOW
        )
