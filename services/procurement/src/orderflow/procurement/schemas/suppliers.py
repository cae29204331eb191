"""Suppliers, their offers and scorecards; stock items."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field
from sqlalchemy import Row

from orderflow.procurement.domain.scorecard import Scorecard
from orderflow.procurement.domain.selection import SupplierStatus
from orderflow.procurement.domain.stock import Stock
from orderflow.procurement.schemas import Code, Currency, Input, Text


class OfferTerms(Input):
    """What a supplier charges for a material and how long it takes to deliver."""

    lead_time_days: int = Field(ge=0, le=3650)
    unit_price: Decimal = Field(ge=0, allow_inf_nan=False)
    currency: Currency


class OfferCreate(OfferTerms):
    item_code: Code


class SupplierCreate(Input):
    name: str = Field(min_length=1, max_length=200)
    categories: list[Code] = Field(min_length=1)
    offers: list[OfferCreate] = Field(default_factory=list)


class QualificationUpdate(Input):
    """Qualify (again) for these material categories; lifts a suspension (R-4.5)."""

    categories: list[Code] = Field(min_length=1)


class SuspensionCreate(Input):
    reason: Text


class OfferPublic(BaseModel):
    item_code: str
    lead_time_days: int
    unit_price: Decimal
    currency: str


class SupplierPublic(BaseModel):
    id: UUID
    name: str
    status: SupplierStatus
    categories: list[str]
    suspension_reason: str | None
    offers: list[OfferPublic]
    version: int
    created_at: datetime

    @classmethod
    def from_rows(cls, row: Row[Any], offers: list[Row[Any]]) -> SupplierPublic:
        return cls(
            id=row.id,
            name=row.name,
            status=SupplierStatus(row.status),
            categories=list(row.categories),
            suspension_reason=row.suspension_reason,
            offers=[
                OfferPublic(
                    item_code=o.item_code,
                    lead_time_days=o.lead_time_days,
                    unit_price=o.unit_price,
                    currency=o.currency,
                )
                for o in offers
            ],
            version=row.version,
            created_at=row.created_at,
        )


class ScorecardPublic(BaseModel):
    supplier_id: UUID
    deliveries: int
    on_time: int
    quality_passed: int
    on_time_rate: Decimal | None
    quality_pass_rate: Decimal | None

    @classmethod
    def of(cls, supplier_id: UUID, card: Scorecard) -> ScorecardPublic:
        return cls(
            supplier_id=supplier_id,
            deliveries=card.deliveries,
            on_time=card.on_time,
            quality_passed=card.quality_passed,
            on_time_rate=card.on_time_rate,
            quality_pass_rate=card.quality_pass_rate,
        )


class StockItemCreate(Input):
    item_code: Code
    unit: Code
    category: Code
    on_hand: Decimal = Field(default=Decimal(0), ge=0, allow_inf_nan=False)


class StockCount(Input):
    """A physical count of what is on hand."""

    on_hand: Decimal = Field(ge=0, allow_inf_nan=False)


class StockItemPublic(BaseModel):
    item_code: str
    unit: str
    category: str
    on_hand: Decimal
    reserved: Decimal
    available: Decimal
    version: int

    @classmethod
    def of(cls, stock: Stock, version: int) -> StockItemPublic:
        return cls(
            item_code=stock.item_code,
            unit=stock.unit,
            category=stock.category,
            on_hand=stock.on_hand,
            reserved=stock.reserved,
            available=stock.available,
            version=version,
        )
