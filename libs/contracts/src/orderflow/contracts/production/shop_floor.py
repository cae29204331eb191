"""Production's shop-floor events: tasks and their responsible people, progress, problems, QC."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import Field, model_validator

from orderflow.contracts.base import ProductionEvent
from orderflow.contracts.production.plans import WorkCenterKind
from orderflow.contracts.types import (
    ActorRef,
    Code,
    ContractModel,
    NonNegativeQuantity,
    Quantity,
    ShortText,
    Text,
)

Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]


class ProductionTaskAssigned(ProductionEvent):
    """A task was assigned to a work center with a named responsible person (R-4.2, R-9.3)."""

    event_type = "production_task.assigned"
    task_id: UUID
    plan_id: UUID
    operation_no: int = Field(ge=1)
    work_center_id: UUID
    work_center_kind: WorkCenterKind
    responsible_person_id: ActorRef
    quantity: Quantity
    start_on: date
    end_on: date
    # Set for rework tasks: the QC report that failed.
    rework_of_qc_report_id: UUID | None = None


class ProductionTaskReassigned(ProductionEvent):
    """A task moved to another work center or responsible person (R-4.2)."""

    event_type = "production_task.reassigned"
    task_id: UUID
    work_center_id: UUID
    responsible_person_id: ActorRef
    previous_person_id: ActorRef
    reason: Text | None = None


class ProductionProgressReported(ProductionEvent):
    """Progress on a task was reported as a quantity, a percentage or both (R-4.3)."""

    event_type = "production_progress.reported"
    task_id: UUID
    plan_id: UUID
    quantity_done: NonNegativeQuantity | None = None
    percent_done: Percent | None = None
    task_done: bool = False

    @model_validator(mode="after")
    def _measured(self) -> ProductionProgressReported:
        if self.quantity_done is None and self.percent_done is None:
            raise ValueError("report quantity_done, percent_done or both")
        return self


class ProblemCategory(StrEnum):
    QUALITY = "quality"
    MATERIAL = "material"
    EQUIPMENT = "equipment"
    CAPACITY = "capacity"
    OTHER = "other"


class ProductionProblemRaised(ProductionEvent):
    """A problem that threatens quality or schedule was raised (R-4.3)."""

    event_type = "production_problem.raised"
    problem_id: UUID
    task_id: UUID | None = None
    category: ProblemCategory
    description: Text
    schedule_impact_days: int | None = Field(default=None, ge=0)


class ProductionProblemResolved(ProductionEvent):
    """A raised production problem was resolved (R-4.3)."""

    event_type = "production_problem.resolved"
    problem_id: UUID
    resolution: Text


class Measurement(ContractModel):
    characteristic: Code
    expected: ShortText
    actual: ShortText
    unit: Code | None = None
    passed: bool


class QualityCheckReported(ProductionEvent):
    """A QC report against the plan's quality standard (R-4.1, R-4.3, R-5.2)."""

    event_type = "quality_check.reported"
    qc_report_id: UUID
    plan_id: UUID
    task_id: UUID | None = None
    passed: bool
    standard: Text
    measurements: tuple[Measurement, ...] = ()
    inspector_id: ActorRef | None = None
