"""Claims: verify whose fault, choose the remedy, close on the remedy's own events (R-5.6)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from orderflow.aftersales.domain.errors import RuleError
from orderflow.aftersales.domain.orders import CheckItem
from orderflow.contracts import aftersales as events
from orderflow.contracts.aftersales import ClaimOutcome as Outcome
from orderflow.contracts.aftersales import Fault, Remedy
from orderflow.contracts.base import EventPayload
from orderflow.contracts.types import Money

if TYPE_CHECKING:
    from orderflow.aftersales.domain.acceptance import Acceptance
    from orderflow.aftersales.domain.tickets import Ticket

OPEN, REMEDY_PENDING, REMEDY_IN_PROGRESS, CLOSED = (
    "open",
    "remedy_pending",
    "remedy_in_progress",
    "closed",
)


@dataclass(frozen=True)
class ClaimLine:
    line_no: int
    quantity: str
    problem: str


@dataclass(frozen=True)
class Claim:
    id: str
    order_id: str
    customer_id: str
    acceptance_id: str | None
    status: str
    lines: tuple[ClaimLine, ...]
    opened_at: datetime
    fault: str | None = None
    finding: str | None = None
    remedy: str | None = None
    compensation_amount: str | None = None
    compensation_currency: str | None = None
    ticket_id: str | None = None
    outcome: str | None = None
    closed_at: datetime | None = None
    version: int = 1


def open_claim(
    claim_id: str,
    acceptance: Acceptance,
    failed: Sequence[CheckItem],
    quantities: Mapping[int, str],
    *,
    now: datetime,
) -> tuple[Claim, list[EventPayload]]:
    """A claim for the failed items; an item not tied to a line concerns every line."""
    lines: dict[int, ClaimLine] = {}
    for item in failed:
        line_nos = [item.line_no] if item.line_no else sorted(quantities)
        for line_no in line_nos:
            problem = item.finding or item.criterion
            if line_no in lines:
                problem = f"{lines[line_no].problem}; {problem}"[:2000]
            lines[line_no] = ClaimLine(line_no, quantities.get(line_no, "1"), problem)
    claim = Claim(
        id=claim_id,
        order_id=acceptance.order_id,
        customer_id=acceptance.customer_id,
        acceptance_id=acceptance.id,
        status=OPEN,
        lines=tuple(lines[n] for n in sorted(lines)),
        opened_at=now,
    )
    opened = events.ClaimOpened(
        claim_id=UUID(claim_id),
        acceptance_id=UUID(acceptance.id),
        lines=_contract_lines(claim.lines),
    )
    return claim, [opened]


def open_warranty_claim(
    claim_id: str,
    ticket: Ticket,
    lines: Sequence[ClaimLine],
    requested: Remedy | None,
    known_lines: Collection[int],
    now: datetime,
) -> tuple[Claim, list[EventPayload]]:
    """A warranty ticket about an order's lines becomes a claim: repair, replace, return (R-7.1)."""
    if ticket.kind != "warranty" or ticket.order_id is None:
        raise RuleError("not-a-warranty-case", "only a warranty ticket about an order")
    if unknown := sorted({line.line_no for line in lines} - set(known_lines)):
        raise RuleError("unknown-order-line", f"the order has no line(s) {unknown}")
    claim = Claim(
        id=claim_id,
        order_id=ticket.order_id,
        customer_id=ticket.customer_id,
        acceptance_id=None,
        ticket_id=ticket.id,
        status=OPEN,
        lines=tuple(lines),
        opened_at=now,
    )
    opened = events.ClaimOpened(
        claim_id=UUID(claim_id),
        ticket_id=UUID(ticket.id),
        lines=_contract_lines(claim.lines),
        requested_remedy=requested,
    )
    return claim, [opened]


def verify(
    claim: Claim, fault: events.Fault, finding: str, now: datetime
) -> tuple[Claim, list[EventPayload]]:
    """The company's fault leads to a remedy; anyone else's closes the claim as rejected."""
    _require(claim, OPEN)
    verified = replace(claim, fault=fault.value, finding=finding, version=claim.version + 1)
    found = events.ClaimVerified(claim_id=UUID(claim.id), fault=fault, finding=finding)
    if fault is Fault.COMPANY:
        return replace(verified, status=REMEDY_PENDING), [found]
    closed = replace(verified, status=CLOSED, outcome=Outcome.REJECTED.value, closed_at=now)
    rejected = events.ClaimClosed(claim_id=UUID(claim.id), outcome=Outcome.REJECTED)
    return closed, [found, rejected]


def choose_remedy(
    claim: Claim,
    remedy: events.Remedy,
    compensation: Money | None,
    *,
    compensation_id: str,
    now: datetime,
) -> tuple[Claim, list[EventPayload]]:
    """Return, exchange or resupply wait for their departments; compensation is granted now."""
    _require(claim, REMEDY_PENDING)
    if (remedy is Remedy.COMPENSATION) != (compensation is not None):
        raise RuleError("compensation-amount", "an amount goes with compensation, and only it")
    chosen = replace(
        claim,
        status=REMEDY_IN_PROGRESS,
        remedy=remedy.value,
        compensation_amount=str(compensation.amount) if compensation else None,
        compensation_currency=compensation.currency if compensation else None,
        version=claim.version + 1,
    )
    picked = events.ClaimRemedyChosen(
        claim_id=UUID(claim.id),
        remedy=remedy,
        lines=_contract_lines(claim.lines),
        compensation=compensation,
    )
    if compensation is None:
        return chosen, [picked]
    granted = events.CompensationGranted(
        claim_id=UUID(claim.id),
        compensation_id=UUID(compensation_id),
        customer_id=UUID(claim.customer_id),
        amount=compensation,
    )
    closed, closing = _close_remedied(chosen, now)
    return closed, [picked, granted, *closing]


def remedy_done(
    claim: Claim, done: events.Remedy, now: datetime
) -> tuple[Claim, list[EventPayload]]:
    """Another department's event says `done` happened; it closes a claim waiting for it."""
    if claim.status != REMEDY_IN_PROGRESS or claim.remedy != done.value:
        return claim, []
    return _close_remedied(claim, now)


def _close_remedied(claim: Claim, now: datetime) -> tuple[Claim, list[EventPayload]]:
    closed = replace(
        claim,
        status=CLOSED,
        outcome=Outcome.REMEDIED.value,
        closed_at=now,
        version=claim.version + 1,
    )
    remedy = Remedy(claim.remedy) if claim.remedy else None
    return closed, [
        events.ClaimClosed(claim_id=UUID(claim.id), outcome=Outcome.REMEDIED, remedy=remedy)
    ]


def _require(claim: Claim, status: str) -> None:
    if claim.status != status:
        raise RuleError("illegal-transition", f"the claim is {claim.status}", claim.status)


def _contract_lines(lines: Sequence[ClaimLine]) -> tuple[events.ClaimLine, ...]:
    return tuple(
        events.ClaimLine(line_no=c.line_no, quantity=Decimal(c.quantity), problem=c.problem)
        for c in lines
    )
