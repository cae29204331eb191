"""Fill an order's operation hours into free work-center capacity before a deadline (R-3.1)."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from orderflow.production.domain.catalog import WorkCenter

Load = MutableMapping[tuple[UUID, date], Decimal]
"""Hours already promised per (work center, day): committed plans and tentative holds."""


@dataclass(frozen=True)
class Demand:
    """Hours one operation of an order needs; `after` is the operation it must follow."""

    operation_no: int
    operation: str
    work_center_id: UUID
    hours: Decimal
    quantity: Decimal
    after: int | None = None


@dataclass(frozen=True)
class Slice:
    work_center_id: UUID
    day: date
    hours: Decimal


@dataclass(frozen=True)
class ScheduledOperation:
    demand: Demand
    slices: tuple[Slice, ...]

    @property
    def start_on(self) -> date:
        return self.slices[0].day

    @property
    def end_on(self) -> date:
        return self.slices[-1].day


@dataclass(frozen=True)
class Shortfall:
    """Hours of a work center that do not fit into its free capacity by `day`."""

    work_center_id: UUID
    day: date
    hours_short: Decimal


@dataclass(frozen=True)
class Schedule:
    operations: tuple[ScheduledOperation, ...]
    shortfalls: tuple[Shortfall, ...]

    @property
    def completion_date(self) -> date | None:
        if self.shortfalls or not self.operations:
            return None
        return max(op.end_on for op in self.operations)


def schedule(
    demands: Sequence[Demand],
    centers: Mapping[UUID, WorkCenter],
    load: Mapping[tuple[UUID, date], Decimal],
    *,
    start: date,
    deadline: date,
) -> Schedule:
    """Forward-fill each operation from `start` (or where its predecessor ends) to `deadline`."""
    booked: Load = dict(load)
    ends: dict[int, date] = {}
    done: list[ScheduledOperation] = []
    short: dict[UUID, Decimal] = {}
    for demand in demands:
        first = max(start, ends.get(demand.after, start)) if demand.after else start
        slices, remaining = _fill(demand, centers[demand.work_center_id], booked, first, deadline)
        if remaining > 0:
            short[demand.work_center_id] = short.get(demand.work_center_id, Decimal(0)) + remaining
            ends[demand.operation_no] = deadline
        elif slices:
            done.append(ScheduledOperation(demand, tuple(slices)))
            ends[demand.operation_no] = slices[-1].day
    shortfalls = tuple(Shortfall(wc, deadline, hours) for wc, hours in short.items())
    return Schedule(tuple(done), shortfalls)


def _fill(
    demand: Demand, center: WorkCenter, booked: Load, first: date, deadline: date
) -> tuple[list[Slice], Decimal]:
    remaining = demand.hours
    slices: list[Slice] = []
    day = first
    while remaining > 0 and day <= deadline:
        if center.works_on(day):
            free = center.hours_per_day - booked.get((center.id, day), Decimal(0))
            take = min(free, remaining)
            if take > 0:
                slices.append(Slice(center.id, day, take))
                booked[(center.id, day)] = booked.get((center.id, day), Decimal(0)) + take
                remaining -= take
        day += timedelta(days=1)
    return slices, remaining
