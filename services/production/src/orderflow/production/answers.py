"""Production's assessment result, as the `production_assessment.answered` event says it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from orderflow.contracts import production, review
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Impact, RoundKind
from orderflow.production.domain.assessment import Assessment


def assessed_order(request: review.AssessmentRequested) -> OrderSnapshot:
    """The order as it would be: the proposal in a change round, else the order itself."""
    if request.kind is RoundKind.CHANGE and request.proposed is not None:
        return request.proposed
    return request.order


def answered(
    request: review.AssessmentRequested,
    result: Assessment,
    *,
    hold: tuple[UUID, datetime] | None = None,
    impact: Impact | None = None,
) -> production.ProductionAssessmentAnswered:
    """The answer with every shortfall; `hold` is (hold id, expiry) when hours are held."""
    shortfalls = result.schedule.shortfalls if result.schedule else ()
    return production.ProductionAssessmentAnswered(
        round_id=request.round_id,
        round_kind=request.kind,
        order_version=assessed_order(request).version,
        result=CheckResult(verdict=result.verdict, reasons=result.reasons),
        earliest_completion_date=result.completion_date,
        capacity_shortfalls=tuple(
            production.CapacityShortfall(
                work_center_id=s.work_center_id, day=s.day, hours_short=s.hours_short
            )
            for s in shortfalls
        ),
        material_shortfalls=tuple(
            production.MaterialShortfall(
                item_code=m.item_code, quantity_short=m.quantity_short, unit=m.unit
            )
            for m in result.materials_short
        ),
        capacity_hold_id=hold[0] if hold else None,
        hold_expires_at=hold[1] if hold else None,
        impact=impact,
    )
