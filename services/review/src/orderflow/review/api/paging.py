"""Review's lists page by round sequence number, carried in the runtime's opaque cursor."""

from __future__ import annotations

from orderflow.runtime.web import ProblemError, decode_cursor


def seq_after(cursor: str | None) -> int | None:
    """The round sequence number a cursor points after; 400 if it is not one we handed out."""
    key = decode_cursor(cursor)
    if key is not None and not key.isdigit():
        raise ProblemError(400, "invalid-cursor", "Invalid cursor", "pass next_cursor as given")
    return None if key is None else int(key)
