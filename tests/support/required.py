"""Integration dependencies: skipped with a visible reason locally, a failure in CI."""

from __future__ import annotations

import os

import pytest

REQUIRED = os.environ.get("ORDERFLOW_REQUIRE_INTEGRATION") == "1" or os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> None:
    """In CI a missing integration dependency is a failure, never a silent skip."""
    if REQUIRED:
        pytest.fail(f"integration required but unavailable: {reason}")
    pytest.skip(reason)
