"""HTTP models of the catalog: work centers and products (`XCreate`/`XUpdate` in, `XPublic` out)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field

from orderflow.contracts.production import WorkCenterKind
from orderflow.contracts.types import ActorRef, Code, ShortText, Text
from orderflow.production.schemas.base import Hours, Input, NonNegativeDecimal, PositiveDecimal


class WorkCenterCreate(Input):
    name: ShortText
    kind: WorkCenterKind
    hours_per_day: Hours
    hourly_rate: NonNegativeDecimal
    lead_person_id: ActorRef
    working_weekdays: list[Annotated[int, Field(ge=0, le=6)]] = [0, 1, 2, 3, 4]
    non_working_days: list[date] = []


class WorkCenterUpdate(Input):
    name: ShortText | None = None
    hours_per_day: Hours | None = None
    hourly_rate: NonNegativeDecimal | None = None
    lead_person_id: ActorRef | None = None
    working_weekdays: list[Annotated[int, Field(ge=0, le=6)]] | None = None
    non_working_days: list[date] | None = None


class WorkCenterPublic(BaseModel):
    id: UUID
    name: str
    kind: WorkCenterKind
    hours_per_day: Decimal
    hourly_rate: Decimal
    lead_person_id: str
    working_weekdays: list[int]
    non_working_days: list[date]
    version: int


class RoutingStepIn(Input):
    operation: Code
    work_center_id: UUID
    hours_per_unit: PositiveDecimal


class MaterialUseIn(Input):
    item_code: Code
    quantity_per_unit: PositiveDecimal
    unit: Code
    unit_cost: NonNegativeDecimal = Decimal(0)


class ProductCreate(Input):
    code: Code
    name: ShortText
    quality_standard: Text
    routing: list[RoutingStepIn] = Field(min_length=1)
    bill_of_materials: list[MaterialUseIn] = []


class ProductUpdate(Input):
    name: ShortText | None = None
    quality_standard: Text | None = None
    routing: list[RoutingStepIn] | None = Field(default=None, min_length=1)
    bill_of_materials: list[MaterialUseIn] | None = None


class ProductPublic(BaseModel):
    code: str
    name: str
    quality_standard: str
    routing: list[dict[str, Any]]
    bill_of_materials: list[dict[str, Any]]
    version: int
