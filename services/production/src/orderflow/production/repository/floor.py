"""Plans, their tasks, problems and QC reports."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from orderflow.production import models
from orderflow.production.domain.shop_floor import Task

plans, tasks, problems, qc_reports = models.plans, models.tasks, models.problems, models.qc_reports


def task_of(row: Any) -> Task:
    return Task(
        id=row.id,
        operation_no=row.operation_no,
        work_center_id=row.work_center_id,
        quantity=Decimal(row.quantity),
        status=row.status,
        quantity_done=Decimal(row.quantity_done),
        percent_done=Decimal(row.percent_done),
        hours_worked=Decimal(row.hours_worked),
    )


async def one(session: AsyncSession, table: Table, row_id: UUID, *, lock: bool = False) -> Any:
    query = select(table).where(table.c.id == row_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).first()


async def plan_for_order(session: AsyncSession, order_id: UUID, *, lock: bool = False) -> Any:
    query = select(plans).where(plans.c.order_id == order_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).first()


async def tasks_of(session: AsyncSession, plan_id: UUID) -> Sequence[Any]:
    query = (
        select(tasks).where(tasks.c.plan_id == plan_id).order_by(tasks.c.operation_no, tasks.c.id)
    )
    return (await session.execute(query)).all()


async def save_task(session: AsyncSession, row: Any, task: Task, **more: Any) -> int:
    """Write the task's progress (and `more` columns), bumping its version."""
    version = int(row.version) + 1
    await session.execute(
        tasks.update()
        .where(tasks.c.id == task.id)
        .values(
            status=task.status,
            quantity_done=task.quantity_done,
            percent_done=task.percent_done,
            hours_worked=task.hours_worked,
            version=version,
            **more,
        )
    )
    return version


async def bump(session: AsyncSession, table: Table, row: Any, **values: Any) -> int:
    version = int(row.version) + 1
    await session.execute(
        table.update().where(table.c.id == row.id).values(version=version, **values)
    )
    return version


async def page(
    session: AsyncSession, table: Table, *conditions: Any, cursor: UUID | None, limit: int
) -> tuple[Sequence[Any], UUID | None]:
    """One page in id order (ids are time-ordered UUIDv7) and the cursor of the next."""
    query = select(table).where(*conditions).order_by(table.c.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(table.c.id > cursor)
    rows = (await session.execute(query)).all()
    following = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], following
