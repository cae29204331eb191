"""Helpers for reporting's integration tests: feed events, snapshot the read models."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from orderflow.contracts import Envelope, EventPayload
from orderflow.reporting.models import READ_MODELS
from tests.support.service_app import RunningService

MANAGER_SCOPES = (
    "reporting:orders:read",
    "reporting:kpis:read",
    "reporting:analytics:read",
    "reporting:dashboard:read",
)


async def feed(svc: RunningService, events: Iterable[Envelope[EventPayload]]) -> None:
    for event in events:
        outcome = await svc.deliver(event)
        assert outcome.value in ("processed", "duplicate"), outcome


async def read_models(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, sorted, so two builds can be compared for equality."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as conn:
        for table in READ_MODELS:
            rows = (await conn.execute(select(table))).all()
            snapshot[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return snapshot
