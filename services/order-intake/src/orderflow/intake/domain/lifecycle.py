"""The order lifecycle of DESIGN §4 as a pure state machine: one move per trigger."""

from __future__ import annotations

from enum import StrEnum

from orderflow.contracts.intake import OrderStatus as S


class Trigger(StrEnum):
    """What moves an order; each is published as exactly one event."""

    FIND_QUESTIONS = "find_questions"  # the information check found doubts
    CLARIFY = "clarify"
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    APPROVE = "approve"
    RETURN = "return"
    START_PRODUCTION = "start_production"
    COMPLETE_PRODUCTION = "complete_production"
    SHIP = "ship"
    DELIVER = "deliver"
    ACCEPT = "accept"
    OPEN_CLAIM = "open_claim"
    RESOLVE_CLAIM = "resolve_claim"
    CLOSE = "close"
    REQUEST_CANCELLATION = "request_cancellation"
    CANCEL = "cancel"
    REFUSE_CANCELLATION = "refuse_cancellation"


# States from which a cancellation may be requested: not yet on its way to the customer.
CANCELLABLE: frozenset[S] = frozenset(
    {
        S.DRAFT,
        S.NEEDS_CLARIFICATION,
        S.UNDER_REVIEW,
        S.RETURNED,
        S.APPROVED,
        S.IN_PRODUCTION,
        S.READY_TO_SHIP,
    }
)
# The content may be edited only here (issue 3, R-2.4, R-3.3).
EDITABLE: frozenset[S] = frozenset({S.DRAFT, S.NEEDS_CLARIFICATION, S.RETURNED})

TRANSITIONS: dict[tuple[S, Trigger], S] = {
    (S.DRAFT, Trigger.FIND_QUESTIONS): S.NEEDS_CLARIFICATION,
    (S.NEEDS_CLARIFICATION, Trigger.CLARIFY): S.DRAFT,
    (S.DRAFT, Trigger.SUBMIT): S.UNDER_REVIEW,
    (S.RETURNED, Trigger.RESUBMIT): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, Trigger.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, Trigger.RETURN): S.RETURNED,
    (S.APPROVED, Trigger.START_PRODUCTION): S.IN_PRODUCTION,
    (S.IN_PRODUCTION, Trigger.COMPLETE_PRODUCTION): S.READY_TO_SHIP,
    (S.READY_TO_SHIP, Trigger.SHIP): S.SHIPPED,
    (S.SHIPPED, Trigger.DELIVER): S.DELIVERED,
    (S.DELIVERED, Trigger.ACCEPT): S.ACCEPTED,
    (S.DELIVERED, Trigger.OPEN_CLAIM): S.CLAIM_OPEN,
    (S.CLAIM_OPEN, Trigger.RESOLVE_CLAIM): S.ACCEPTED,
    (S.ACCEPTED, Trigger.CLOSE): S.CLOSED,
    **{(state, Trigger.REQUEST_CANCELLATION): S.CANCELLING for state in CANCELLABLE},
    (S.CANCELLING, Trigger.CANCEL): S.CANCELLED,
}


class IllegalTransitionError(Exception):
    """The trigger does not apply in the order's current state (answered as 409)."""

    def __init__(self, current: S, trigger: Trigger) -> None:
        super().__init__(f"an order in {current} cannot {trigger.replace('_', ' ')}")
        self.current = current
        self.trigger = trigger


def next_status(current: S, trigger: Trigger, *, before_cancelling: S | None = None) -> S:
    """The state `trigger` moves an order in `current` to, or IllegalTransitionError.

    A refused cancellation goes back to the state the order was in before it
    (`before_cancelling`), so that move is the only one not in the table.
    """
    if trigger is Trigger.REFUSE_CANCELLATION:
        if current is S.CANCELLING and before_cancelling in CANCELLABLE:
            return before_cancelling
        raise IllegalTransitionError(current, trigger)
    target = TRANSITIONS.get((current, trigger))
    if target is None:
        raise IllegalTransitionError(current, trigger)
    return target
