"""Progress, QC preconditions and the cost of stopping (R-4.3, R-6.3)."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from orderflow.contracts.types import WorkState
from orderflow.production.domain.shop_floor import (
    DONE,
    ShopFloorError,
    Task,
    may_pass_qc,
    report_progress,
    stop_cost,
)

pytestmark = pytest.mark.unit


def task(operation_no: int = 1, quantity: str = "10", wc=None) -> Task:  # type: ignore[no-untyped-def]
    return Task(uuid4(), operation_no, wc or uuid4(), Decimal(quantity))


def test_progress_is_cumulative_and_hours_add_up() -> None:
    """R-4.3: a report says how far the task is now; hours worked accumulate."""
    first = report_progress(
        task(), quantity_done=Decimal(3), percent_done=None, hours_worked=Decimal(2), done=False
    )
    second = report_progress(
        first, quantity_done=None, percent_done=Decimal(50), hours_worked=Decimal(1), done=False
    )
    assert (second.quantity_done, second.percent_done, second.hours_worked) == (
        Decimal(3),
        Decimal(50),
        Decimal(3),
    )
    assert second.fraction_done == Decimal("0.5")


def test_done_completes_the_task_and_a_done_task_takes_no_more_progress() -> None:
    done = report_progress(
        task(), quantity_done=None, percent_done=None, hours_worked=Decimal(1), done=True
    )
    assert (done.status, done.quantity_done, done.percent_done) == (DONE, Decimal(10), Decimal(100))
    with pytest.raises(ShopFloorError):
        report_progress(
            done, quantity_done=Decimal(1), percent_done=None, hours_worked=Decimal(0), done=False
        )


def test_more_than_the_task_quantity_is_refused() -> None:
    with pytest.raises(ShopFloorError, match="exceeds"):
        report_progress(
            task(),
            quantity_done=Decimal(11),
            percent_done=None,
            hours_worked=Decimal(0),
            done=False,
        )


def test_qc_can_pass_only_when_every_task_is_done() -> None:
    """R-4.3: all tasks done and QC passed → completion."""
    finished = report_progress(
        task(), quantity_done=None, percent_done=None, hours_worked=Decimal(0), done=True
    )
    may_pass_qc([finished])
    with pytest.raises(ShopFloorError, match=r"\[2\]"):
        may_pass_qc([finished, task(operation_no=2)])


def test_stopping_a_partly_done_plan_costs_hours_times_rate_plus_materials_consumed() -> None:
    """R-6.3: partly done → cost incurred = hours × rate + materials consumed."""
    cutting, painting = uuid4(), uuid4()
    cut = report_progress(
        task(1, wc=cutting),
        quantity_done=Decimal(4),
        percent_done=None,
        hours_worked=Decimal(6),
        done=False,
    )
    paint = report_progress(
        task(2, wc=painting),
        quantity_done=None,
        percent_done=Decimal(10),
        hours_worked=Decimal(1),
        done=False,
    )
    cost = stop_cost(
        [cut, paint], {cutting: Decimal(40), painting: Decimal(30)}, Decimal(500), completed=False
    )
    assert cost.work_state is WorkState.PARTLY_DONE
    assert cost.hours_worked == Decimal(7)
    assert cost.labour_cost == Decimal("270.00")  # 6 × 40 + 1 × 30
    assert cost.materials_consumed == Decimal("200.00")  # 4 of 10 units started × 500
    assert cost.total == Decimal("470.00")


def test_stopping_before_any_work_costs_nothing() -> None:
    wc = uuid4()
    cost = stop_cost([task(1, wc=wc)], {wc: Decimal(40)}, Decimal(500), completed=False)
    assert (cost.work_state, cost.total) == (WorkState.NOT_STARTED, Decimal("0.00"))
