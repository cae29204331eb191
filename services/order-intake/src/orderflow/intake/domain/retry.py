"""When to try a failed partner delivery again: exponential backoff, capped (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_DELAY = timedelta(hours=6)


def next_attempt_at(now: datetime, attempts_made: int, base_seconds: float) -> datetime:
    """After attempt n (1-based) wait base x 2^(n-1): 30 s, 1 min, 2 min, ... at most 6 h."""
    delay = timedelta(seconds=base_seconds * 2 ** max(attempts_made - 1, 0))
    return now + min(delay, MAX_DELAY)


def gives_up(attempts_made: int, max_attempts: int) -> bool:
    return attempts_made >= max_attempts
