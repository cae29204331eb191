"""Production's assessment answers and plans, from planning to completion or stop."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from orderflow.contracts.base import AssessmentAnswer, ProductionEvent
from orderflow.contracts.types import (
    Code,
    ContractModel,
    Money,
    NonNegativeQuantity,
    Quantity,
    Text,
    UtcDatetime,
    WorkState,
)


class WorkCenterKind(StrEnum):
    WORKSHOP = "workshop"
    LINE = "line"
    TEAM = "team"


class CapacityShortfall(ContractModel):
    work_center_id: UUID
    day: date
    hours_short: Quantity


class MaterialShortfall(ContractModel):
    item_code: Code
    quantity_short: Quantity
    unit: Code


class ProductionAssessmentAnswered(ProductionEvent, AssessmentAnswer):
    """Production answered on capacity and materials (R-3.1, R-3.2, R-6.2, R-6.3)."""

    event_type = "production_assessment.answered"
    earliest_completion_date: date | None = None
    capacity_shortfalls: tuple[CapacityShortfall, ...] = ()
    material_shortfalls: tuple[MaterialShortfall, ...] = ()
    # A pass holds capacity tentatively until approval, rejection, cancellation or expiry.
    capacity_hold_id: UUID | None = None
    hold_expires_at: UtcDatetime | None = None


class PlannedOperation(ContractModel):
    operation_no: int = Field(ge=1)
    operation: Code
    work_center_id: UUID
    work_center_kind: WorkCenterKind
    start_on: date
    end_on: date
    hours: Quantity


class MaterialRequirement(ContractModel):
    """A material the plan needs, from which procurement derives its requisition (R-4.4)."""

    item_code: Code
    spec: Text | None = None
    quantity: Quantity
    unit: Code
    needed_by: date


class PlanContent(ProductionEvent):
    """What a production plan says: process, schedule, quality standard, materials (R-4.1)."""

    plan_id: UUID
    order_version: int = Field(ge=1)
    # Set when the plan makes a replacement for an after-sales claim (exchange, resupply).
    claim_id: UUID | None = None
    operations: tuple[PlannedOperation, ...] = Field(min_length=1)
    quality_standard: Text
    material_requirements: tuple[MaterialRequirement, ...] = ()
    planned_completion_date: date


class ProductionPlanCreated(PlanContent):
    """A production plan was made for an approved order or a claim (R-4.1, R-4.4, R-5.6)."""

    event_type = "production_plan.created"


class ProductionPlanRevised(PlanContent):
    """The plan was redone against a new order version or a schedule change (R-4.3, R-6.2)."""

    event_type = "production_plan.revised"


class ProductionCompleted(ProductionEvent):
    """Every task of the plan is done and its final QC passed (R-4.3, R-4.8)."""

    event_type = "production.completed"
    plan_id: UUID
    qc_report_id: UUID
    quantity: Quantity
    claim_id: UUID | None = None


class ProductionReworkStarted(ProductionEvent):
    """A failed QC started a rework task (R-4.3)."""

    event_type = "production_rework.started"
    plan_id: UUID
    qc_report_id: UUID
    rework_task_id: UUID
    reason: Text


class ProductionStopped(ProductionEvent):
    """Work on the order stopped, capacity was released, and the cost incurred recorded (R-6.3)."""

    event_type = "production.stopped"
    plan_id: UUID | None = None
    work_state: WorkState
    hours_worked: NonNegativeQuantity
    cost_incurred: Money
    reason: Text
