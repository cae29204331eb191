"""Tasks on the shop floor: progress, QC outcome and what stopping work costs (R-4.3, R-6.3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

from orderflow.contracts.types import WorkState

OPEN, DONE, CANCELLED = "open", "done", "cancelled"
HUNDRED = Decimal(100)


class ShopFloorError(ValueError):
    """A report that does not fit the task's or plan's state (answered as a 409)."""


@dataclass(frozen=True)
class Task:
    id: UUID
    operation_no: int
    work_center_id: UUID
    quantity: Decimal
    status: str = OPEN
    quantity_done: Decimal = Decimal(0)
    percent_done: Decimal = Decimal(0)
    hours_worked: Decimal = Decimal(0)

    @property
    def fraction_done(self) -> Decimal:
        by_quantity = self.quantity_done / self.quantity if self.quantity else Decimal(0)
        return min(Decimal(1), max(by_quantity, self.percent_done / HUNDRED))


def report_progress(
    task: Task,
    *,
    quantity_done: Decimal | None,
    percent_done: Decimal | None,
    hours_worked: Decimal,
    done: bool,
) -> Task:
    """Progress is cumulative: a report states how far the task is now, and adds hours worked."""
    if task.status != OPEN:
        raise ShopFloorError(f"task is {task.status}; progress is reported on open tasks only")
    if quantity_done is not None and quantity_done > task.quantity:
        raise ShopFloorError(f"quantity_done {quantity_done} exceeds the task's {task.quantity}")
    updated = replace(
        task,
        quantity_done=task.quantity_done if quantity_done is None else quantity_done,
        percent_done=task.percent_done if percent_done is None else percent_done,
        hours_worked=task.hours_worked + hours_worked,
    )
    if done:
        updated = replace(updated, status=DONE, quantity_done=task.quantity, percent_done=HUNDRED)
    return updated


def may_pass_qc(tasks: Sequence[Task]) -> None:
    """A passing final QC needs every task of the plan done (R-4.3)."""
    open_ops = sorted(t.operation_no for t in tasks if t.status == OPEN)
    if open_ops:
        raise ShopFloorError(f"operations {open_ops} are not done; a passing QC needs all done")


@dataclass(frozen=True)
class StopCost:
    """What stopping costs: hours worked × rate plus materials already consumed (R-6.3)."""

    work_state: WorkState
    hours_worked: Decimal
    labour_cost: Decimal
    materials_consumed: Decimal

    @property
    def total(self) -> Decimal:
        return (self.labour_cost + self.materials_consumed).quantize(Decimal("0.01"))


def stop_cost(
    tasks: Sequence[Task],
    rates: Mapping[UUID, Decimal],
    materials_cost: Decimal,
    *,
    completed: bool,
) -> StopCost:
    """Materials are consumed as the first operation advances; labour as hours are worked."""
    hours = sum((t.hours_worked for t in tasks), Decimal(0))
    labour = sum((t.hours_worked * rates[t.work_center_id] for t in tasks), Decimal(0))
    first = [t.fraction_done for t in tasks if t.operation_no == 1]
    consumed = materials_cost * (max(first) if first else Decimal(0))
    started = hours > 0 or any(t.fraction_done > 0 for t in tasks)
    state = (
        WorkState.DONE if completed else WorkState.PARTLY_DONE if started else WorkState.NOT_STARTED
    )
    return StopCost(
        state, hours, labour.quantize(Decimal("0.01")), consumed.quantize(Decimal("0.01"))
    )
