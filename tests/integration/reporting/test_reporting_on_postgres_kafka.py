"""Reporting on real parts: PostgreSQL and Apache Kafka (R-8.1, R-9.3)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from orderflow.contracts import topic_for
from orderflow.reporting import replay
from orderflow.runtime.messages import Message
from orderflow.runtime.outbox import message_headers
from tests.integration.reporting.helpers import MANAGER_SCOPES, read_models
from tests.support.service_app import RunningService, running_service
from tests.unit.reporting import story

pytestmark = pytest.mark.integration


async def kpi_values(svc: RunningService) -> dict[str, object]:
    answer = await svc.client.get(
        "/v1/kpis", params=story.PERIOD, headers=svc.auth(*MANAGER_SCOPES)
    )
    assert answer.status_code == 200, answer.text
    return {k["name"]: k["company"]["value"] for k in answer.json()["kpis"]}


async def test_events_from_kafka_are_archived_once_and_counted_on_postgres(
    tmp_path: Path, postgres_url: str, kafka_bootstrap: str
) -> None:
    async with running_service(
        "reporting", tmp_path, database_url=postgres_url, kafka_bootstrap=kafka_bootstrap
    ) as svc:
        events = story.story()
        messages = [
            Message(
                topic=topic_for(e.producer),
                key=e.key,
                value=e.to_bytes(),
                headers=tuple((k, v.encode()) for k, v in message_headers(e).items()),
            )
            for e in events
        ]
        await svc.state.bus.publisher().publish(messages + messages[:10])  # 10 redelivered
        deadline = time.monotonic() + 90
        expected = {k: pytest.approx(v, abs=1e-4) for k, v in story.EXPECTED_KPIS.items()}
        while (found := await kpi_values(svc)) != expected:
            assert time.monotonic() < deadline, f"KPIs never reached the expected values: {found}"
            await asyncio.sleep(0.2)  # polling with a deadline
        async with svc.state.engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM archive")) == len(events)
        with pytest.raises(DBAPIError, match="append-only"):
            async with svc.state.engine.begin() as conn:
                await conn.execute(text("DELETE FROM archive"))
        incremental = await read_models(svc.state.engine)
        assert await replay.rebuild(svc.state.engine) == len(events)
        assert await read_models(svc.state.engine) == incremental
