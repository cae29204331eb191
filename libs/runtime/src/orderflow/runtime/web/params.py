"""Query parameter types that accept exactly what the OpenAPI document promises.

Pydantic reads a number as a Unix timestamp where a date or date-time is expected
(`?to=0` would be 1970-01-01); the OpenAPI says `format: date`, so a number is a 422 here.

    created_from: IsoDatetime | None = None
    received_to: Annotated[IsoDate | None, Query(description="…")] = None
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BeforeValidator

_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _iso_only(value: object) -> object:
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("expected an ISO 8601 date or date-time, not a number")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_only)]
IsoDatetime = Annotated[datetime, BeforeValidator(_iso_only)]
