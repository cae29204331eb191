"""Time-ordered UUIDv7 (RFC 9562) from the standard library; Python 3.11 has no uuid.uuid7."""

from __future__ import annotations

import secrets
import threading
import time
from uuid import UUID

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_COUNTER_MAX = 0xFFF


def uuid7() -> UUID:
    """A new UUIDv7; ids made by one process sort in the order they were made."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            # A random start leaves room to count up within the same millisecond.
            _last_ms, _counter = ms, secrets.randbits(10)
        elif _counter < _COUNTER_MAX:
            _counter += 1
        else:
            # Counter exhausted (or the clock went back): borrow the next millisecond.
            _last_ms, _counter = _last_ms + 1, 0
        ms, counter = _last_ms, _counter
    value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | secrets.randbits(62)
    return UUID(int=value)
