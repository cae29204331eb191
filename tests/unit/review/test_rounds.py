"""The round: every combination of outcomes, people's decisions, deadlines, answers (R-3, R-6)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from orderflow.contracts import EventPayload, review
from orderflow.contracts.types import (
    CheckResult,
    Department,
    Impact,
    Money,
    MoneyDelta,
    Reason,
    RoundKind,
    Verdict,
    WorkState,
)
from orderflow.review.domain import interventions, rounds
from orderflow.review.domain.round import IllegalDecisionError, Round, RoundStatus
from tests.unit.review.builders import new_id, order

pytestmark = pytest.mark.unit
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)
D = Department
PASS = CheckResult(verdict=Verdict.PASS)


def failing(department: Department, rule: str = "some.rule") -> CheckResult:
    reason = Reason(department=department, rule=rule, message=f"{department} says no")
    return CheckResult(verdict=Verdict.FAIL, reasons=(reason,))


def held(department: Department) -> CheckResult:
    reason = Reason(department=department, rule="special.custom_product", message="look at it")
    return CheckResult(verdict=Verdict.NEEDS_PERSON, reasons=(reason,))


def opened(
    sales: CheckResult = PASS, finance: CheckResult = PASS, kind: RoundKind = RoundKind.REVIEW
) -> tuple[Round, list[EventPayload]]:
    own = {} if kind is RoundKind.CANCELLATION else {D.SALES: sales, D.FINANCE: finance}
    the_round, events = rounds.open_round(
        new_id(),
        kind,
        new_id(),
        order(),
        now=NOW,
        deadline=NOW + timedelta(hours=48),
        rule_version="rules-v3",
        own_checks=own,
    )
    return the_round, list(events)


def answered(
    the_round: Round, *answers: tuple[Department, CheckResult]
) -> tuple[Round, list[EventPayload]]:
    events: list[EventPayload] = []
    for department, result in answers:
        the_round, more = rounds.record_answer(the_round, department, result, None, now=NOW)
        events += more
    return the_round, events


def types_of(events: list[EventPayload]) -> list[str]:
    return [type(e).event_type for e in events]


def test_opening_publishes_the_round_its_own_checks_and_the_assessment_request() -> None:
    """R-3.1: review runs sales and finance itself and asks the other departments."""
    the_round, events = opened()
    assert types_of(events) == [
        "review_round.opened",
        "assessment.requested",
        "department_check.recorded",
        "department_check.recorded",
    ]
    request = events[1]
    assert isinstance(request, review.AssessmentRequested)
    assert request.departments == (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS)
    assert the_round.missing() == (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS)
    recorded = events[2]
    assert isinstance(recorded, review.DepartmentCheckRecorded)
    assert recorded.rule_version == "rules-v3"


OUTCOMES = list(itertools.product([True, False], repeat=4))


@pytest.mark.parametrize(("sales", "finance", "production", "logistics"), OUTCOMES)
def test_approved_only_when_all_four_departments_pass(
    sales: bool, finance: bool, production: bool, logistics: bool
) -> None:
    """R-3.3: all 16 combinations; rejected with every failing department's reason."""
    result = {True: lambda d: PASS, False: failing}
    the_round, _ = opened(result[sales](D.SALES), result[finance](D.FINANCE))
    the_round, events = answered(
        the_round,
        (D.PRODUCTION, result[production](D.PRODUCTION)),
        (D.PROCUREMENT, PASS),
        (D.LOGISTICS, result[logistics](D.LOGISTICS)),
    )
    final = events[-1]
    if all((sales, finance, production, logistics)):
        assert the_round.status is RoundStatus.APPROVED
        assert isinstance(final, review.RoundApproved)
    else:
        assert the_round.status is RoundStatus.REJECTED
        assert isinstance(final, review.RoundRejected)
        outcome = {
            D.SALES: sales,
            D.FINANCE: finance,
            D.PRODUCTION: production,
            D.LOGISTICS: logistics,
        }
        assert [r.department for r in final.reasons] == [d for d, ok in outcome.items() if not ok]


def test_the_round_waits_for_every_answer_even_after_a_failure() -> None:
    """DESIGN §5: it closes when every required answer is in."""
    the_round, _ = opened(sales=failing(D.SALES))
    the_round, events = answered(the_round, (D.PRODUCTION, PASS), (D.PROCUREMENT, PASS))
    assert the_round.status is RoundStatus.OPEN
    assert the_round.missing() == (D.LOGISTICS,)
    assert "review_round.rejected" not in types_of(events)


def test_a_held_check_waits_for_a_person_and_resumes_on_approval() -> None:
    """R-3.1: needs-a-person holds the round; the department's decision resumes it."""
    the_round, events = opened(sales=held(D.SALES))
    assert "review_decision.requested" in types_of(events)
    the_round, _ = answered(
        the_round, (D.PRODUCTION, PASS), (D.PROCUREMENT, PASS), (D.LOGISTICS, PASS)
    )
    assert the_round.status is RoundStatus.OPEN
    assert [c.department for c in the_round.awaiting_person()] == [D.SALES]
    later = NOW + timedelta(hours=2)
    the_round, events = interventions.decide(
        the_round, D.SALES, True, None, by="sales-lead", now=later
    )
    assert the_round.status is RoundStatus.APPROVED
    assert types_of(events) == [
        "review_decision.recorded",
        "department_check.recorded",
        "review_round.approved",
    ]
    decided = the_round.check(D.SALES)
    assert decided is not None
    assert (decided.decided_by, decided.decided_at, decided.verdict) == (
        "sales-lead",
        later,
        Verdict.PASS,
    )


def test_a_persons_rejection_rejects_the_round_with_their_reason() -> None:
    the_round, _ = opened(finance=held(D.FINANCE))
    the_round, _ = answered(
        the_round, (D.PRODUCTION, PASS), (D.PROCUREMENT, PASS), (D.LOGISTICS, PASS)
    )
    reason = Reason(department=D.FINANCE, rule="person.decision", message="terms too long")
    the_round, events = interventions.decide(the_round, D.FINANCE, False, reason, by="cfo", now=NOW)
    final = events[-1]
    assert isinstance(final, review.RoundRejected)
    assert final.reasons == (reason,)


def test_a_held_department_answer_is_decided_by_that_department() -> None:
    """R-3.1: production may answer needs-a-person; production's reviewer decides."""
    the_round, _ = opened()
    the_round, events = answered(the_round, (D.PRODUCTION, held(D.PRODUCTION)))
    assert "review_decision.requested" in types_of(events)
    with pytest.raises(IllegalDecisionError):
        interventions.decide(the_round, D.SALES, True, None, by="x", now=NOW)
    the_round, _ = interventions.decide(the_round, D.PRODUCTION, True, None, by="plant", now=NOW)
    assert the_round.check(D.PRODUCTION).verdict is Verdict.PASS  # type: ignore[union-attr]


def test_no_decision_on_a_closed_round_or_without_a_reason() -> None:
    the_round, _ = opened(sales=held(D.SALES))
    with pytest.raises(IllegalDecisionError):
        interventions.decide(the_round, D.SALES, False, None, by="x", now=NOW)
    closed, _ = interventions.withdraw(the_round, review.WithdrawalReason.SUPERSEDED, now=NOW)
    with pytest.raises(IllegalDecisionError):
        interventions.decide(closed, D.SALES, True, None, by="x", now=NOW)


def test_a_duplicate_answer_changes_nothing() -> None:
    """DESIGN §5: the first answer of a department counts; a repeat is ignored."""
    the_round, _ = opened()
    the_round, _ = answered(the_round, (D.PRODUCTION, PASS))
    again, events = rounds.record_answer(
        the_round, D.PRODUCTION, failing(D.PRODUCTION), None, now=NOW
    )
    assert (again, events) == (the_round, [])


def test_escalation_names_the_missing_departments_and_a_late_answer_is_still_taken() -> None:
    """R-3.1: on deadline expiry the round escalates, stays open, and still takes answers."""
    the_round, _ = opened()
    the_round, _ = answered(the_round, (D.PRODUCTION, PASS))
    late = NOW + timedelta(hours=49)
    the_round, events = interventions.escalate(the_round, now=late)
    assert the_round.status is RoundStatus.ESCALATED
    (event,) = events
    assert isinstance(event, review.RoundEscalated)
    assert (event.missing_departments, event.level) == ((D.PROCUREMENT, D.LOGISTICS), 1)
    the_round, events = interventions.escalate(the_round, now=late + timedelta(hours=48))
    assert events[0].level == 2  # type: ignore[attr-defined]
    the_round, _ = answered(the_round, (D.PROCUREMENT, PASS), (D.LOGISTICS, PASS))
    assert the_round.status is RoundStatus.APPROVED


def test_a_closed_round_neither_escalates_nor_takes_answers() -> None:
    the_round, _ = opened()
    the_round, _ = interventions.withdraw(the_round, review.WithdrawalReason.SUPERSEDED, now=NOW)
    assert interventions.escalate(the_round, now=NOW) == (the_round, [])
    assert rounds.record_answer(the_round, D.PRODUCTION, PASS, None, now=NOW) == (the_round, [])


def test_a_change_round_combines_the_departments_impact() -> None:
    """R-6.2: the latest new date and the summed cost delta go back to intake."""
    the_round, _ = opened(kind=RoundKind.CHANGE)
    eur = "EUR"
    impacts = {
        D.PRODUCTION: Impact(
            new_completion_date=date(2026, 3, 9),
            cost_delta=MoneyDelta(amount=Decimal(120), currency=eur),
        ),
        D.PROCUREMENT: Impact(cost_delta=MoneyDelta(amount=Decimal(-20), currency=eur)),
        D.LOGISTICS: Impact(new_completion_date=date(2026, 3, 12)),
    }
    events: list[EventPayload] = []
    for department, impact in impacts.items():
        the_round, more = rounds.record_answer(the_round, department, PASS, impact, now=NOW)
        events += more
    approved = events[-1]
    assert isinstance(approved, review.RoundApproved)
    assert approved.impact == Impact(
        new_completion_date=date(2026, 3, 12),
        cost_delta=MoneyDelta(amount=Decimal(100), currency=eur),
    )


def test_a_cancellation_round_settles_what_each_department_incurred() -> None:
    """R-6.3: not started means stopped; partly done records the cost incurred."""
    the_round, events = opened(kind=RoundKind.CANCELLATION)
    assert the_round.departments == (D.PRODUCTION, D.PROCUREMENT, D.LOGISTICS)
    assert "department_check.recorded" not in types_of(events)
    spent = Money(amount=Decimal("350.00"), currency="EUR")
    answers = {
        D.PRODUCTION: Impact(work_state=WorkState.PARTLY_DONE, cost_incurred=spent),
        D.PROCUREMENT: Impact(work_state=WorkState.NOT_STARTED),
        D.LOGISTICS: Impact(work_state=WorkState.NOT_STARTED),
    }
    for department, impact in answers.items():
        the_round, events = rounds.record_answer(the_round, department, PASS, impact, now=NOW)
    approved = events[-1]
    assert isinstance(approved, review.RoundApproved)
    assert [(c.department, c.work_state, c.cost_incurred.amount) for c in approved.settlement] == [
        (D.PRODUCTION, WorkState.PARTLY_DONE, Decimal("350.00")),
        (D.PROCUREMENT, WorkState.NOT_STARTED, Decimal(0)),
        (D.LOGISTICS, WorkState.NOT_STARTED, Decimal(0)),
    ]
    assert approved.impact is not None
    assert approved.impact.work_state is WorkState.PARTLY_DONE
    assert approved.impact.cost_incurred == spent
