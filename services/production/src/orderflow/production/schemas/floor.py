"""HTTP models of plans and the shop floor: tasks, progress, problems, QC reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, computed_field, model_validator

from orderflow.contracts.production import ProblemCategory
from orderflow.contracts.types import ActorRef, Code, ShortText, Text
from orderflow.production.schemas.base import Input, NonNegativeDecimal


class TaskPublic(BaseModel):
    id: UUID
    plan_id: UUID
    operation_no: int
    operation: str
    work_center_id: UUID
    responsible_person_id: str
    quantity: Decimal
    planned_hours: Decimal
    start_on: date
    end_on: date
    status: str
    quantity_done: Decimal
    percent_done: Decimal
    hours_worked: Decimal
    rework_of_qc_report_id: UUID | None
    version: int


class PlanPublic(BaseModel):
    id: UUID
    order_id: UUID
    order_version: int
    status: str
    quality_standard: str
    quantity: Decimal
    planned_completion_date: date
    requested_delivery_date: date | None = None
    materials_ready: bool
    open_supply_delays: list[UUID]
    version: int
    tasks: list[TaskPublic] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def at_risk(self) -> bool:
        """A supplier delay threatens its materials (R-4.6), or it completes after the
        requested date."""
        late = self.requested_delivery_date is not None and (
            self.planned_completion_date > self.requested_delivery_date
        )
        return bool(self.open_supply_delays) or late


class Assignment(Input):
    """Move a task to another responsible person and/or work center (R-4.2)."""

    responsible_person_id: ActorRef
    work_center_id: UUID | None = None
    reason: Text | None = None


class ProgressReport(Input):
    """How far the task is now (cumulative), hours worked since the last report (R-4.3)."""

    quantity_done: NonNegativeDecimal | None = None
    percent_done: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    hours_worked: NonNegativeDecimal = Decimal(0)
    done: bool = False

    @model_validator(mode="after")
    def _measured(self) -> ProgressReport:
        if self.quantity_done is None and self.percent_done is None and not self.done:
            raise ValueError("report quantity_done, percent_done, or done")
        return self


class ProblemCreate(Input):
    task_id: UUID | None = None
    category: ProblemCategory
    description: Text
    schedule_impact_days: Annotated[int, Field(ge=0)] | None = None


class ProblemResolution(Input):
    resolution: Text


class ProblemPublic(BaseModel):
    id: UUID
    plan_id: UUID
    task_id: UUID | None
    category: ProblemCategory
    description: str
    schedule_impact_days: int | None
    status: str
    resolution: str | None
    version: int


class MeasurementIn(Input):
    characteristic: Code
    expected: ShortText
    actual: ShortText
    unit: Code | None = None
    passed: bool


class QcReportCreate(Input):
    passed: bool
    measurements: list[MeasurementIn] = []
    rework_reason: Text | None = None


class QcReportPublic(BaseModel):
    id: UUID
    plan_id: UUID
    passed: bool
    measurements: list[MeasurementIn]
    inspector_id: str
    plan_status: str
    rework_task_id: UUID | None = None
