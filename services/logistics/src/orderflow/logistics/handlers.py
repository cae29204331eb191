"""Inbound events logistics reacts to: assessment requests, order content, production, QC."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from uuid import UUID

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.contracts import Envelope, EventPayload, intake, logistics, production, review
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.contracts.types import CheckResult, Department, Impact, RoundKind
from orderflow.logistics import models, store
from orderflow.logistics.domain import assessment, impact
from orderflow.logistics.domain.shipments import ShipmentStatus
from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime import outbox
from orderflow.runtime.consumer import Handler
from orderflow.runtime.service import ServiceState


def build(state: ServiceState) -> Mapping[str, Handler]:
    """The handlers, given the running service's state (clock, sessions, settings)."""
    settings = state.settings
    assert isinstance(settings, LogisticsSettings)

    async def assess(snapshot: OrderSnapshot, session: AsyncSession) -> assessment.Assessment:
        place = snapshot.delivery_place
        areas = await store.service_areas(session, place.country, place.region)
        ceiling = await store.cost_ceiling(session, snapshot.currency)
        freight = assessment.estimated_freight(
            snapshot, settings.estimated_kg_per_unit, settings.estimated_m3_per_unit
        )
        ready_on = state.clock.now().date() + timedelta(days=settings.assumed_ready_days)
        return assessment.assess(snapshot, areas, ceiling, freight, ready_on)

    async def on_assessment_requested(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Answer a review, change or cancellation round (R-3.1, R-6.2, R-6.3)."""
        request = event.narrow(review.AssessmentRequested).payload
        if Department.LOGISTICS not in request.departments or event.order_id is None:
            return
        order_id, now = event.order_id, state.clock.now()
        known = await store.order_row(session, order_id)
        answer: logistics.DeliveryAssessmentAnswered
        if request.kind is RoundKind.CANCELLATION:
            rows = await store.order_shipments(session, order_id)
            costs = [impact.ShipmentCost(ShipmentStatus(r.status), r.cost) for r in rows]
            result, effect = impact.cancellation_answer(costs, request.order.currency)
            answer = _answer(request, result, None, effect)
        elif request.kind is RoundKind.CHANGE and request.proposed is not None:
            proposed = await assess(request.proposed, session)
            current = store.candidate_of(known) if known is not None else None
            change = impact.change_impact(current, proposed)
            answer = _answer(request, proposed.result, proposed.candidate, change)
        else:
            found = await assess(request.order, session)
            candidate = found.candidate.model_dump(mode="json") if found.candidate else None
            await store.save_order(session, order_id, request.order, now, candidate=candidate)
            answer = _answer(request, found.result, found.candidate, None)
        if known is None and request.kind is not RoundKind.REVIEW:
            await store.save_order(session, order_id, request.order, now)
        await outbox.add(session, Envelope.new(answer, order_id=order_id, causation=event))

    async def on_order_changed(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """Plans follow the order's new version (R-6.2)."""
        changed = event.narrow(intake.OrderChanged).payload
        if event.order_id is not None:
            found = await assess(changed.order, session)
            candidate = found.candidate.model_dump(mode="json") if found.candidate else None
            now = state.clock.now()
            await store.save_order(session, event.order_id, changed.order, now, candidate=candidate)

    async def on_order_cancelled(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """A cancelled order's shipments that have not left are cancelled (R-6.3)."""
        cancelled = event.narrow(intake.OrderCancelled).payload
        if event.order_id is None:
            return
        await store.update_order(session, event.order_id, cancelled=True)
        for row in await store.order_shipments(session, event.order_id):
            if row.status == ShipmentStatus.PLANNED:
                await store.set_shipment(session, row, ShipmentStatus.CANCELLED)
                gone = logistics.ShipmentCancelled(
                    shipment_id=UUID(row.shipment_id),
                    reason=f"order cancelled ({cancelled.cancellation_request_id})",
                )
                await outbox.add(
                    session, Envelope.new(gone, order_id=event.order_id, causation=event)
                )

    async def on_production_completed(event: Envelope[EventPayload], session: AsyncSession) -> None:
        """The goods are ready: shipments may now be planned and packed (R-4.8)."""
        done = event.narrow(production.ProductionCompleted).payload
        if event.order_id is not None and done.claim_id is None:
            await store.update_order(
                session,
                event.order_id,
                production_completed_at=event.occurred_at,
                qc_report_id=str(done.qc_report_id),
            )

    async def on_quality_check_reported(
        event: Envelope[EventPayload], session: AsyncSession
    ) -> None:
        """Keep production's QC report for the delivery documents (R-5.2)."""
        report = event.narrow(production.QualityCheckReported).payload
        table = models.qc_reports
        exists = await session.execute(
            select(table.c.qc_report_id).where(table.c.qc_report_id == str(report.qc_report_id))
        )
        if event.order_id is not None and exists.first() is None:
            await session.execute(
                insert(table).values(
                    qc_report_id=str(report.qc_report_id),
                    order_id=str(event.order_id),
                    report=report.model_dump(mode="json"),
                    reported_at=event.occurred_at,
                )
            )

    return {
        "assessment.requested": on_assessment_requested,
        "order.changed": on_order_changed,
        "order.cancelled": on_order_cancelled,
        "production.completed": on_production_completed,
        "quality_check.reported": on_quality_check_reported,
    }


def _answer(
    request: review.AssessmentRequested,
    result: CheckResult,
    candidate: logistics.CandidatePlan | None,
    effect: Impact | None,
) -> logistics.DeliveryAssessmentAnswered:
    return logistics.DeliveryAssessmentAnswered(
        round_id=request.round_id,
        round_kind=request.kind,
        order_version=request.order.version,
        result=result,
        candidate=candidate,
        impact=effect,
    )
