"""`/livez` (the process answers) and `/readyz` (database, bus, outbox age) endpoints."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.responses import JSONResponse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str = ""


# A readiness check: `True`/`False`, `(ok, detail)` or a CheckResult. Raising counts as failing.
CheckOutcome = bool | tuple[bool, str] | CheckResult
Check = Callable[[], Awaitable[CheckOutcome]]


def _as_result(outcome: CheckOutcome) -> CheckResult:
    if isinstance(outcome, CheckResult):
        return outcome
    if isinstance(outcome, tuple):
        return CheckResult(bool(outcome[0]), outcome[1])
    return CheckResult(bool(outcome), "ok" if outcome else "failed")


async def run_check(name: str, check: Check, timeout_seconds: float) -> CheckResult:
    """Run one check under a timeout; an exception or a timeout is a failed check."""
    try:
        async with asyncio.timeout(timeout_seconds):
            return _as_result(await check())
    except TimeoutError:
        return CheckResult(False, f"timed out after {timeout_seconds:g}s")
    except Exception as exc:
        logger.warning("readiness check %s failed", name, exc_info=True)
        return CheckResult(False, type(exc).__name__)


async def readiness(checks: Mapping[str, Check], timeout_seconds: float) -> dict[str, Any]:
    """Run all checks concurrently: `{"status": "ok"|"unavailable", "checks": {...}}`."""
    names = list(checks)
    results = await asyncio.gather(*(run_check(n, checks[n], timeout_seconds) for n in names))
    return {
        "status": "ok" if all(r.ok for r in results) else "unavailable",
        "checks": {
            n: {"ok": r.ok, "detail": r.detail} for n, r in zip(names, results, strict=True)
        },
    }


def health_router(
    checks: Mapping[str, Check] | None = None, *, timeout_seconds: float = 2.0
) -> APIRouter:
    """`GET /livez` always 200 without I/O; `GET /readyz` 200 when every check passes, else 503."""
    router = APIRouter(tags=["ops"])
    named_checks = dict(checks or {})

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz() -> JSONResponse:
        report = await readiness(named_checks, timeout_seconds)
        return JSONResponse(report, 200 if report["status"] == "ok" else 503)

    return router


def database_check(engine: AsyncEngine) -> Check:
    """The database answers `SELECT 1`."""

    async def check() -> CheckResult:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return CheckResult(True, "ok")

    return check


def outbox_age_check(
    get_oldest_age: Callable[[], Awaitable[float | None]], max_age_seconds: float
) -> Check:
    """The oldest unsent outbox row is younger than `max_age_seconds` (the relay keeps up)."""

    async def check() -> CheckResult:
        age = await get_oldest_age()
        if age is None:
            return CheckResult(True, "outbox empty")
        ok = age <= max_age_seconds
        return CheckResult(ok, f"oldest unsent event {age:.1f}s old (max {max_age_seconds:g}s)")

    return check
