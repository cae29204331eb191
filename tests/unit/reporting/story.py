"""A hand-computed fixture of events: three orders, two tickets, one site visit.

Day D is Monday 2026-11-02 (UTC). The expected figures in EXPECTED were worked out by hand
from the list below; the tests compare the service's answers with them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from orderflow.contracts import (
    Envelope,
    EventPayload,
    aftersales,
    intake,
    logistics,
    production,
    uuid7,
)
from orderflow.contracts import review as rv
from orderflow.contracts.intake import OrderStatus as S
from orderflow.contracts.snapshot import Channel, DeliveryPlace, OrderLineSnapshot, OrderSnapshot
from orderflow.contracts.types import (
    CheckResult,
    Department,
    Reason,
    RoundKind,
    SiteServiceKind,
    Verdict,
)

D = date(2026, 11, 2)
ORDER_A, ORDER_B, ORDER_C = uuid7(), uuid7(), uuid7()
C1, C2 = uuid.UUID(int=0xC1, version=4), uuid.UUID(int=0xC2, version=4)
Event = Envelope[EventPayload]


def at(day: int, hour: int = 0) -> datetime:
    return datetime(D.year, D.month, D.day, tzinfo=UTC) + timedelta(days=day, hours=hour)


def snapshot(
    customer: uuid.UUID, channel: Channel, region: str, lines: list[tuple[str, str]], due: int
) -> OrderSnapshot:
    total = sum((Decimal(amount) for _, amount in lines), Decimal(0))
    return OrderSnapshot(
        customer_id=customer,
        channel=channel,
        version=1,
        revision=0,
        currency="EUR",
        lines=tuple(
            OrderLineSnapshot(
                line_no=n,
                product_code=code,
                description=f"product {code}",
                quantity=Decimal(1),
                unit="pc",
                unit_price=Decimal(amount),
                line_total=Decimal(amount),
            )
            for n, (code, amount) in enumerate(lines, start=1)
        ),
        subtotal=total,
        total=total,
        payment_terms="NET30",
        requested_delivery_date=D + timedelta(days=due),
        delivery_place=DeliveryPlace(country="DE", region=region),
    )


def ev(payload: EventPayload, when: datetime, order: uuid.UUID, actor: str | None = None) -> Event:
    return Envelope.new(payload, order_id=order, occurred_at=when, actor=actor)


def move(cls: type[intake.OrderTransition], a: S, b: S, **fields: object) -> EventPayload:
    return cls.model_validate({"from_status": a, "to_status": b, **fields})


def check(dept: Department, verdict: Verdict, by: str, round_id: uuid.UUID) -> EventPayload:
    reasons = () if verdict is Verdict.PASS else (Reason(department=dept, rule="r", message="no"),)
    return rv.DepartmentCheckRecorded(
        round_id=round_id,
        kind=RoundKind.REVIEW,
        department=dept,
        result=CheckResult(verdict=verdict, reasons=reasons),
        source=rv.CheckSource.PERSON,
        decided_by=by,
    )


def order_a() -> list[Event]:
    a, r1, plan, task, ship = ORDER_A, uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    snap = snapshot(C1, Channel.WEBSITE, "BY", [("P1", "600.00"), ("P2", "400.00")], due=18)
    return [
        ev(intake.OrderCreated(order=snap, received_at=at(0, 8), recorded_by="sally"), at(0, 8), a),
        ev(move(intake.OrderSubmitted, S.DRAFT, S.UNDER_REVIEW, order=snap), at(0, 9), a),
        ev(
            rv.RoundOpened(
                round_id=r1,
                kind=RoundKind.REVIEW,
                revision=0,
                order_version=1,
                deadline=at(1, 9),
                departments=(Department.SALES, Department.FINANCE),
            ),
            at(0, 9),
            a,
        ),
        ev(check(Department.SALES, Verdict.PASS, "rita", r1), at(0, 10), a),
        ev(check(Department.FINANCE, Verdict.PASS, "fred", r1), at(2, 10), a),
        ev(
            move(intake.OrderApproved, S.UNDER_REVIEW, S.APPROVED, round_id=r1, revision=0),
            at(2, 11),
            a,
        ),
        ev(
            move(
                intake.OrderProductionStarted,
                S.APPROVED,
                S.IN_PRODUCTION,
                plan_id=plan,
                planned_completion_date=D + timedelta(days=8),
            ),
            at(3, 8),
            a,
        ),
        ev(
            production.ProductionTaskAssigned(
                task_id=task,
                plan_id=plan,
                operation_no=1,
                work_center_id=uuid.uuid4(),
                work_center_kind=production.WorkCenterKind.LINE,
                responsible_person_id="paul",
                quantity=Decimal(1),
                start_on=D + timedelta(days=3),
                end_on=D + timedelta(days=7),
            ),
            at(3, 9),
            a,
        ),
        ev(
            production.ProductionProgressReported(
                task_id=task, plan_id=plan, percent_done=Decimal(100), task_done=True
            ),
            at(6, 12),
            a,
        ),
        ev(
            move(
                intake.OrderProductionCompleted,
                S.IN_PRODUCTION,
                S.READY_TO_SHIP,
                plan_id=plan,
                qc_report_id=uuid.uuid4(),
            ),
            at(7, 8),
            a,
        ),
        ev(
            logistics.ShipmentPlanned(
                shipment_id=ship,
                mode=logistics.TransportMode.ROAD,
                carrier_id=uuid.uuid4(),
                route=("DE-BY", "DE-BY"),
                destination=snap.delivery_place,
                packages=(
                    logistics.Package(
                        package_id=uuid.uuid4(),
                        weight_kg=Decimal(1),
                        length_cm=Decimal(1),
                        width_cm=Decimal(1),
                        height_cm=Decimal(1),
                    ),
                ),
                dispatch_on=D + timedelta(days=8),
                eta=D + timedelta(days=10),
            ),
            at(7, 9),
            a,
        ),
        ev(
            move(intake.OrderShipped, S.READY_TO_SHIP, S.SHIPPED, shipment_ids=(ship,)), at(9, 8), a
        ),
        ev(
            move(
                intake.OrderDelivered,
                S.SHIPPED,
                S.DELIVERED,
                delivered_at=at(10, 8),
                proof_ids=(uuid.uuid4(),),
            ),
            at(10, 9),
            a,
        ),
        *site_visit(),
        ev(
            aftersales.SatisfactionSurveyRecorded(
                survey_id=uuid.uuid4(), customer_id=C1, satisfaction=4
            ),
            at(12, 10),
            a,
        ),
    ]


def site_visit() -> list[Event]:
    visit = uuid.uuid4()
    kinds = (logistics.SiteVisitScheduled, logistics.SiteVisitCompleted)
    scheduled = kinds[0](
        visit_id=visit,
        services=(SiteServiceKind.INSTALLATION,),
        technician_id="tom",
        starts_at=at(10, 13),
        ends_at=at(10, 17),
    )
    completed = kinds[1](
        visit_id=visit,
        services=scheduled.services,
        technician_id="tom",
        completed_at=at(10, 16),
        customer_signed_off=True,
    )
    return [ev(scheduled, at(9, 12), ORDER_A), ev(completed, at(10, 16), ORDER_A)]


def order_b() -> list[Event]:
    b = ORDER_B
    snap = snapshot(C1, Channel.PHONE, "BE", [("P1", "500.00")], due=5)
    acceptance, claim = uuid.uuid4(), uuid.uuid4()
    failed = aftersales.FailedItem(item_no=1, finding="scratched")
    return [
        ev(intake.OrderCreated(order=snap, received_at=at(1, 10)), at(1, 10), b),
        ev(
            move(
                intake.OrderDelivered,
                S.SHIPPED,
                S.DELIVERED,
                delivered_at=at(6, 8),
                proof_ids=(uuid.uuid4(),),
            ),
            at(6, 9),
            b,
        ),
        ev(
            aftersales.AcceptanceFailed(
                acceptance_id=acceptance, failed_items=(failed,), recorded_by_customer=True
            ),
            at(7, 9),
            b,
        ),
        ev(
            aftersales.ClaimOpened(
                claim_id=claim,
                acceptance_id=acceptance,
                lines=(aftersales.ClaimLine(line_no=1, quantity=Decimal(1), problem="scratched"),),
                requested_remedy=aftersales.Remedy.EXCHANGE,
            ),
            at(7, 10),
            b,
        ),
    ]


def order_c() -> list[Event]:
    c = ORDER_C
    snap = snapshot(C2, Channel.WEBSITE, "BY", [("P3", "200.00")], due=9)
    cancelled = move(
        intake.OrderCancelled, S.CANCELLING, S.CANCELLED, cancellation_request_id=uuid.uuid4()
    )
    return [
        ev(intake.OrderCreated(order=snap, received_at=at(2, 10)), at(2, 10), c),
        ev(cancelled, at(3, 10), c),
    ]


def tickets() -> list[Event]:
    k1, k2 = uuid.uuid4(), uuid.uuid4()

    def opened(ticket: uuid.UUID, order: uuid.UUID | None, when: datetime) -> Event:
        payload = aftersales.ServiceTicketOpened(
            ticket_id=ticket,
            customer_id=C1,
            order_id=order,
            kind=aftersales.TicketKind.TECH_SUPPORT,
            channel=aftersales.TicketChannel.PHONE,
            priority=aftersales.Priority.NORMAL,
            first_response_due=when + timedelta(hours=2),
            resolution_due=when + timedelta(hours=24),
        )
        return Envelope.new(payload, subject=f"ticket:{ticket}", occurred_at=when)

    def on(ticket: uuid.UUID, payload: EventPayload, when: datetime, actor: str) -> Event:
        return Envelope.new(payload, subject=f"ticket:{ticket}", occurred_at=when, actor=actor)

    return [
        opened(k1, ORDER_A, at(11)),
        on(
            k1,
            aftersales.ServiceTicketResponded(ticket_id=k1, within_deadline=True),
            at(11, 1),
            "sam",
        ),
        on(
            k1,
            aftersales.ServiceTicketResolved(
                ticket_id=k1, resolution=aftersales.Resolution.ANSWERED, within_deadline=True
            ),
            at(11, 6),
            "sam",
        ),
        on(
            k1,
            aftersales.ServiceTicketFeedbackRecorded(ticket_id=k1, satisfaction=5, satisfied=True),
            at(11, 8),
            "customer-c1",
        ),
        opened(k2, None, at(12)),
        on(
            k2,
            aftersales.ServiceTicketResponded(ticket_id=k2, within_deadline=False),
            at(12, 5),
            "tina",
        ),
    ]


def story() -> list[Event]:
    """Every event of the fixture, in the order a consumer receives them."""
    return [*order_a(), *order_b(), *order_c(), *tickets()]


PERIOD = {"from": D.isoformat(), "to": (D + timedelta(days=14)).isoformat()}

# Worked out by hand from the events above (see the module docstring).
EXPECTED_KPIS = {
    "on_time_rate": 5 / 8,
    "accuracy_rate": 0.5,
    "customer_satisfaction": 4.5,
    "first_response_on_time_rate": 0.5,
    "resolution_rate": 0.5,
    "mean_resolution_hours": 6.0,
}
EXPECTED_ON_TIME_BY_DEPARTMENT = {"sales": 1.0, "finance": 0.0, "production": 1.0, "logistics": 0.5}
EXPECTED_ON_TIME_BY_PERSON = {"rita": 1.0, "fred": 0.0, "paul": 1.0, "tom": 1.0}
