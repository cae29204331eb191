"""HTTP models of production: `XCreate`/`XUpdate` in (unknown fields refused), `XPublic` out."""

from orderflow.production.schemas.base import Page
from orderflow.production.schemas.catalog import (
    MaterialUseIn,
    ProductCreate,
    ProductPublic,
    ProductUpdate,
    RoutingStepIn,
    WorkCenterCreate,
    WorkCenterPublic,
    WorkCenterUpdate,
)
from orderflow.production.schemas.floor import (
    Assignment,
    MeasurementIn,
    PlanPublic,
    ProblemCreate,
    ProblemPublic,
    ProblemResolution,
    ProgressReport,
    QcReportCreate,
    QcReportPublic,
    TaskPublic,
)

__all__ = [
    "Assignment",
    "MaterialUseIn",
    "MeasurementIn",
    "Page",
    "PlanPublic",
    "ProblemCreate",
    "ProblemPublic",
    "ProblemResolution",
    "ProductCreate",
    "ProductPublic",
    "ProductUpdate",
    "ProgressReport",
    "QcReportCreate",
    "QcReportPublic",
    "RoutingStepIn",
    "TaskPublic",
    "WorkCenterCreate",
    "WorkCenterPublic",
    "WorkCenterUpdate",
]
