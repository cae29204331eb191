"""One archived event → the read-model changes it causes; pure, replayable in archive order."""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

from orderflow.contracts import Envelope, EventPayload, intake
from orderflow.contracts.snapshot import OrderSnapshot
from orderflow.reporting.domain import aftersales, orders, quality, timeline
from orderflow.reporting.domain.facts import Effects, State

Rule = Callable[[Envelope[EventPayload], dict[str, Any], Mapping[str, dict[str, Any]]], Effects]


def _plain(fn: Callable[[Envelope[EventPayload], dict[str, Any]], Effects]) -> Rule:
    return lambda event, entity, _: fn(event, entity)


# Per event type: the entity each rule works on (`order`, or the payload's `<kind>_id`).
RULES: dict[str, tuple[tuple[str, Rule], ...]] = {
    "order.created": (("order", orders.on_created),),
    "order.revised": (("order", orders.on_content_changed),),
    "order.changed": (("order", orders.on_content_changed),),
    "order.cancelled": (("order", orders.on_cancelled),),
    "order.delivered": (("order", _plain(quality.on_delivered_accuracy)),),
    "shipment.planned": (("order", _plain(orders.on_shipment_planned)),),
    "review_round.opened": (("round", _plain(quality.on_round_opened)),),
    "department_check.recorded": (("round", _plain(quality.on_check_recorded)),),
    "production_task.assigned": (("task", _plain(quality.on_task_assigned)),),
    "production_task.reassigned": (("task", _plain(quality.on_task_reassigned)),),
    "production_progress.reported": (("task", _plain(quality.on_progress)),),
    "site_visit.scheduled": (("visit", _plain(quality.on_visit_scheduled)),),
    "site_visit.completed": (("visit", _plain(quality.on_visit_completed)),),
    "acceptance.failed": (("order", _plain(quality.on_flaw)),),
    "claim.opened": (
        ("order", _plain(quality.on_flaw)),
        ("order", _plain(aftersales.on_claim_opened)),
    ),
    "claim.verified": (("order", _plain(quality.on_flaw)),),
    "compensation.granted": (("order", _plain(quality.on_flaw)),),
    "service_ticket.opened": (("ticket", _plain(aftersales.on_ticket_opened)),),
    "service_ticket.responded": (("ticket", _plain(aftersales.on_ticket_responded)),),
    "service_ticket.resolved": (("ticket", _plain(aftersales.on_ticket_resolved)),),
    "service_ticket.reopened": (("ticket", _plain(aftersales.on_ticket_reopened)),),
    "service_ticket.feedback_recorded": (("ticket", _plain(aftersales.on_ticket_feedback)),),
    "satisfaction_survey.recorded": (("order", _plain(aftersales.on_survey)),),
    "follow_up.scheduled": (("follow_up", _plain(aftersales.on_follow_up_scheduled)),),
    "follow_up.completed": (("follow_up", _plain(aftersales.on_follow_up_completed)),),
}
ENTITY_KINDS = ("round", "task", "visit", "ticket", "follow_up")


def order_id_of(event: Envelope[EventPayload], state: State) -> str | None:
    """The order an event is about: its key, or the order of its ticket or follow-up."""
    if event.order_id is not None:
        return str(event.order_id)
    for kind in ("ticket", "follow_up"):
        entity_id = getattr(event.payload, f"{kind}_id", None)
        if entity_id is not None:
            found = state.get(f"{kind}:{entity_id}", {}).get("order_id")
            payload_order = getattr(event.payload, "order_id", None)
            return found or (str(payload_order) if payload_order else None)
    return None


def keys_for(event: Envelope[EventPayload], state: State) -> set[str]:
    """The state an event's projection reads; call again with what was loaded for the rest."""
    keys = {f"{kind}:{getattr(event.payload, f'{kind}_id')}" for kind in _kinds(event)}
    order_id = order_id_of(event, state)
    if order_id is not None:
        keys.add(f"order:{order_id}")
        customer = state.get(f"order:{order_id}", {}).get("customer_id")
        if customer is not None:
            keys.add(f"customer:{customer}")
        snapshot = getattr(event.payload, "order", None)  # created, revised, changed, submitted
        if isinstance(snapshot, OrderSnapshot):
            keys.add(f"customer:{snapshot.customer_id}")
    return keys


def _kinds(event: Envelope[EventPayload]) -> list[str]:
    return [k for k in ENTITY_KINDS if getattr(event.payload, f"{k}_id", None) is not None]


def project(event: Envelope[EventPayload], state: State) -> Effects:
    """The read-model changes of `event`, given the state `keys_for` named."""
    result = Effects()
    order_id = order_id_of(event, state)
    view = ChainMap(result.changed, state)  # this event's changes over the loaded state
    for kind, rule in RULES.get(event.event_type, ()):
        key = (
            f"order:{order_id}"
            if kind == "order"
            else f"{kind}:{getattr(event.payload, f'{kind}_id')}"
        )
        if kind == "order" and order_id is None:
            continue
        entity = dict(view.get(key) or {})
        effects = rule(event, entity, view)
        result.facts.extend(effects.facts)
        result.changed.update(effects.changed)
        result.changed[key] = entity
    if order_id is not None:
        key = f"order:{order_id}"
        order = dict(view.get(key) or {})
        if isinstance(event.payload, intake.OrderTransition):
            transition = orders.on_transition(event, order)
            result.facts.extend(transition.facts)
        order["events"] = order.get("events", 0) + 1
        order["updated_at"] = event.occurred_at.isoformat()
        result.changed[key] = order
    result.timeline = timeline.entry(event, order_id)
    return result
