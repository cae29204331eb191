"""The order state machine of DESIGN §4, every state against every trigger."""

from __future__ import annotations

import itertools

import pytest

from orderflow.contracts.intake import OrderStatus as S
from orderflow.intake.domain.lifecycle import IllegalTransitionError, Trigger, next_status

pytestmark = pytest.mark.unit

OPEN = [
    S.DRAFT,
    S.NEEDS_CLARIFICATION,
    S.UNDER_REVIEW,
    S.RETURNED,
    S.APPROVED,
    S.IN_PRODUCTION,
    S.READY_TO_SHIP,
]
# DESIGN §4 written out by hand, independently of the implementation's table.
LEGAL = {
    (S.DRAFT, Trigger.FIND_QUESTIONS): S.NEEDS_CLARIFICATION,
    (S.NEEDS_CLARIFICATION, Trigger.CLARIFY): S.DRAFT,
    (S.DRAFT, Trigger.SUBMIT): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, Trigger.APPROVE): S.APPROVED,
    (S.UNDER_REVIEW, Trigger.RETURN): S.RETURNED,
    (S.RETURNED, Trigger.RESUBMIT): S.UNDER_REVIEW,
    (S.APPROVED, Trigger.START_PRODUCTION): S.IN_PRODUCTION,
    (S.IN_PRODUCTION, Trigger.COMPLETE_PRODUCTION): S.READY_TO_SHIP,
    (S.READY_TO_SHIP, Trigger.SHIP): S.SHIPPED,
    (S.SHIPPED, Trigger.DELIVER): S.DELIVERED,
    (S.DELIVERED, Trigger.ACCEPT): S.ACCEPTED,
    (S.DELIVERED, Trigger.OPEN_CLAIM): S.CLAIM_OPEN,
    (S.CLAIM_OPEN, Trigger.RESOLVE_CLAIM): S.ACCEPTED,
    (S.ACCEPTED, Trigger.CLOSE): S.CLOSED,
    (S.CANCELLING, Trigger.CANCEL): S.CANCELLED,
    **{(state, Trigger.REQUEST_CANCELLATION): S.CANCELLING for state in OPEN},
}
ALL = list(itertools.product(S, [t for t in Trigger if t is not Trigger.REFUSE_CANCELLATION]))


@pytest.mark.parametrize(("state", "trigger"), ALL, ids=[f"{s}-{t}" for s, t in ALL])
def test_every_state_and_trigger(state: S, trigger: Trigger) -> None:
    """Each legal move lands where DESIGN §4 says; every other pair is illegal (409)."""
    expected = LEGAL.get((state, trigger))
    if expected is None:
        with pytest.raises(IllegalTransitionError) as caught:
            next_status(state, trigger)
        assert caught.value.current is state
    else:
        assert next_status(state, trigger) is expected


@pytest.mark.parametrize("before", OPEN)
def test_refused_cancellation_returns_to_the_state_before(before: S) -> None:
    """R-6.3: a refused cancellation puts the order back where it was."""
    assert (
        next_status(S.CANCELLING, Trigger.REFUSE_CANCELLATION, before_cancelling=before) is before
    )


@pytest.mark.parametrize("state", [s for s in S if s is not S.CANCELLING])
def test_refusing_outside_cancelling_is_illegal(state: S) -> None:
    with pytest.raises(IllegalTransitionError):
        next_status(state, Trigger.REFUSE_CANCELLATION, before_cancelling=S.DRAFT)


def test_terminal_states_have_no_way_out() -> None:
    for state, trigger in itertools.product([S.CLOSED, S.CANCELLED], Trigger):
        with pytest.raises(IllegalTransitionError):
            next_status(state, trigger, before_cancelling=S.DRAFT)
