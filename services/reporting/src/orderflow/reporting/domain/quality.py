"""On-time work per person (reviews, tasks, site visits) and order accuracy (R-9.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from orderflow.contracts import (
    Envelope,
    EventPayload,
    aftersales,
    intake,
    logistics,
    production,
    review,
)
from orderflow.contracts.types import Verdict
from orderflow.reporting.domain.facts import Effects, on_or_before

Entity = dict[str, Any]


def on_round_opened(event: Envelope[EventPayload], round_: Entity) -> Effects:
    round_["deadline"] = event.narrow(review.RoundOpened).payload.deadline.isoformat()
    return Effects()


def on_check_recorded(event: Envelope[EventPayload], round_: Entity) -> Effects:
    """A department's final check counts on time when recorded by the round's deadline."""
    fx = Effects()
    check = event.narrow(review.DepartmentCheckRecorded).payload
    on_time = on_or_before(event.occurred_at, round_.get("deadline"))
    if check.result.verdict is not Verdict.NEEDS_PERSON and on_time is not None:
        fx.add(
            "on_time",
            event.occurred_at.date(),
            on_time,
            stage="review",
            department=check.department.value,
            person=check.decided_by,
        )
    return fx


def on_task_assigned(event: Envelope[EventPayload], task: Entity) -> Effects:
    assigned = event.narrow(production.ProductionTaskAssigned).payload
    task.update(owner=assigned.responsible_person_id, end_on=assigned.end_on.isoformat())
    return Effects()


def on_task_reassigned(event: Envelope[EventPayload], task: Entity) -> Effects:
    task["owner"] = event.narrow(production.ProductionTaskReassigned).payload.responsible_person_id
    return Effects()


def on_progress(event: Envelope[EventPayload], task: Entity) -> Effects:
    """A task counts once, when reported done: on time if by its planned end day (R-4.2)."""
    fx = Effects()
    report = event.narrow(production.ProductionProgressReported).payload
    on_time = on_or_before(event.occurred_at, task.get("end_on"))
    if report.task_done and not task.get("done") and on_time is not None:
        task["done"] = True
        fx.add(
            "on_time",
            event.occurred_at.date(),
            on_time,
            stage="task",
            department="production",
            person=task.get("owner"),
        )
    return fx


def on_visit_scheduled(event: Envelope[EventPayload], visit: Entity) -> Effects:
    visit["ends_at"] = event.narrow(logistics.SiteVisitScheduled).payload.ends_at.isoformat()
    return Effects()


def on_visit_completed(event: Envelope[EventPayload], visit: Entity) -> Effects:
    """An on-site visit counts on time when completed by the end of its scheduled slot."""
    fx = Effects()
    done = event.narrow(logistics.SiteVisitCompleted).payload
    on_time = on_or_before(done.completed_at, visit.get("ends_at"))
    if on_time is not None:
        fx.add(
            "on_time",
            done.completed_at.date(),
            on_time,
            stage="site_visit",
            department="logistics",
            person=done.technician_id,
        )
    return fx


def on_delivered_accuracy(event: Envelope[EventPayload], order: Entity) -> Effects:
    """A delivered order counts as accurate until a failure, claim or company fault shows up."""
    fx = Effects()
    if "accuracy_on" in order:
        return fx
    delivered = event.narrow(intake.OrderDelivered).payload
    order["accuracy_on"] = delivered.delivered_at.date().isoformat()
    accurate = not order.get("flawed", False)
    fx.add("accuracy", delivered.delivered_at.date(), accurate)
    return fx


def on_flaw(event: Envelope[EventPayload], order: Entity) -> Effects:
    """Acceptance failure, any claim, company fault or compensation: the order was not accurate."""
    fx = Effects()
    payload = event.payload
    if (
        isinstance(payload, aftersales.ClaimVerified)
        and payload.fault is not aftersales.Fault.COMPANY
    ):
        return fx
    if order.get("flawed"):
        return fx
    order["flawed"] = True
    if "accuracy_on" in order:  # already counted accurate: take that back on its day
        fx.add("accuracy", date.fromisoformat(order["accuracy_on"]), -1, 0)
    return fx
