"""Cursor pagination shared by review's lists: an opaque cursor, a capped page size."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from orderflow.runtime.web import ProblemError

MAX_PAGE = 100

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size, at most 100")]
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]


def after_seq(cursor: str | None) -> int | None:
    """The position a numeric cursor points after; 400 if it was not one of ours."""
    if cursor is None:
        return None
    if not cursor.isdigit():
        raise ProblemError(400, "invalid-cursor", "Invalid cursor", "pass next_cursor unchanged")
    return int(cursor)
