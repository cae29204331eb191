"""What every HTTP model of production shares: refused unknown fields, number shapes, pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Hours = Annotated[Decimal, Field(gt=0, le=24, allow_inf_nan=False)]
# Below 10^9: what the NUMERIC(12, 3) and (14, 2) columns hold (a larger value is a 422, not a
# database overflow, and not an infinity on SQLite).
DECIMAL_LIMIT = Decimal(10**9)
PositiveDecimal = Annotated[Decimal, Field(gt=0, lt=DECIMAL_LIMIT, allow_inf_nan=False)]
NonNegativeDecimal = Annotated[Decimal, Field(ge=0, lt=DECIMAL_LIMIT, allow_inf_nan=False)]
T = TypeVar("T")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None
