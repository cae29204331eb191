"""Everything production publishes: assessment answers, plans, tasks, progress, QC."""

from orderflow.contracts.base import EventPayload
from orderflow.contracts.production.plans import (
    CapacityShortfall,
    MaterialRequirement,
    MaterialShortfall,
    PlanContent,
    PlannedOperation,
    ProductionAssessmentAnswered,
    ProductionCompleted,
    ProductionPlanCreated,
    ProductionPlanRevised,
    ProductionReworkStarted,
    ProductionStopped,
    WorkCenterKind,
)
from orderflow.contracts.production.shop_floor import (
    Measurement,
    ProblemCategory,
    ProductionProblemRaised,
    ProductionProblemResolved,
    ProductionProgressReported,
    ProductionTaskAssigned,
    ProductionTaskReassigned,
    QualityCheckReported,
)

EVENTS: tuple[type[EventPayload], ...] = (
    ProductionAssessmentAnswered,
    ProductionPlanCreated,
    ProductionPlanRevised,
    ProductionTaskAssigned,
    ProductionTaskReassigned,
    ProductionProgressReported,
    ProductionProblemRaised,
    ProductionProblemResolved,
    QualityCheckReported,
    ProductionReworkStarted,
    ProductionCompleted,
    ProductionStopped,
)

__all__ = [
    "EVENTS",
    "CapacityShortfall",
    "MaterialRequirement",
    "MaterialShortfall",
    "Measurement",
    "PlanContent",
    "PlannedOperation",
    "ProblemCategory",
    "ProductionAssessmentAnswered",
    "ProductionCompleted",
    "ProductionPlanCreated",
    "ProductionPlanRevised",
    "ProductionProblemRaised",
    "ProductionProblemResolved",
    "ProductionProgressReported",
    "ProductionReworkStarted",
    "ProductionStopped",
    "ProductionTaskAssigned",
    "ProductionTaskReassigned",
    "QualityCheckReported",
    "WorkCenterKind",
]
