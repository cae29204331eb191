"""Cursor pagination every list uses: an opaque cursor, a capped page size (DESIGN §6)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Annotated

from fastapi import Query

from orderflow.runtime.web.problems import ProblemError

MAX_PAGE = 100

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size, at most 100")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page")]


def encode_cursor(last_key: str) -> str:
    """An opaque cursor pointing after `last_key` (clients pass it back unchanged)."""
    return base64.urlsafe_b64encode(last_key.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The key a cursor points after; a cursor that is not ours is a 400 problem."""
    if cursor is None:
        return None
    try:
        return base64.b64decode(cursor.encode(), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ProblemError(
            400, "invalid-cursor", "Invalid cursor", "pass next_cursor as given"
        ) from None


def next_cursor(keys: Sequence[str], limit: int) -> str | None:
    """A cursor after the last key when the page is full (there may be more)."""
    return encode_cursor(keys[-1]) if keys and len(keys) >= limit else None
