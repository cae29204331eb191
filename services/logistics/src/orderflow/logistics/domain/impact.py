"""What a change or a cancellation means for logistics: cost, dates, work done (R-6.2, R-6.3)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from orderflow.contracts.logistics import CandidatePlan
from orderflow.contracts.types import CheckResult, Impact, Money, MoneyDelta, Verdict, WorkState
from orderflow.logistics.domain.assessment import Assessment
from orderflow.logistics.domain.shipments import DISPATCHED_STATES, ShipmentStatus


@dataclass(frozen=True)
class ShipmentCost:
    status: ShipmentStatus
    cost: Decimal


def change_impact(current: CandidatePlan | None, proposed: Assessment) -> Impact | None:
    """The proposed plan's arrival and its extra cost (or saving) against the current plan."""
    new = proposed.candidate
    if new is None:
        return None
    delta = None
    if current is not None and current.cost.currency == new.cost.currency:
        delta = MoneyDelta(amount=new.cost.amount - current.cost.amount, currency=new.cost.currency)
    return Impact(new_completion_date=new.eta, cost_delta=delta)


def cancellation_answer(shipments: list[ShipmentCost], currency: str) -> tuple[CheckResult, Impact]:
    """Logistics agrees to a cancellation and says what was already shipped and paid for."""
    live = [s for s in shipments if s.status is not ShipmentStatus.CANCELLED]
    gone = [s for s in live if s.status in DISPATCHED_STATES]
    if not gone:
        state = WorkState.NOT_STARTED
    elif len(gone) == len(live):
        state = WorkState.DONE
    else:
        state = WorkState.PARTLY_DONE
    incurred = sum((s.cost for s in gone), Decimal(0))
    impact = Impact(
        work_state=state,
        cost_incurred=Money(amount=incurred, currency=currency),
        work_done=f"{len(gone)} of {len(live)} shipment(s) already dispatched" if live else None,
    )
    return CheckResult(verdict=Verdict.PASS), impact
