"""`orderflow migrate` and `orderflow serve`: one service on PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from orderflow.cli.catalog import SERVICES
from orderflow.runtime import migrations
from orderflow.runtime.db import create_engine
from tests.support import processes

pytestmark = pytest.mark.integration


def service_env(database_url: str, bootstrap: str) -> dict[str, str]:
    return {
        **os.environ,
        "ORDERFLOW_INTAKE_DATABASE_URL": database_url,
        "ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS": bootstrap,
    }


async def run(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = await processes.start(*args, env=env)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, err.decode()


async def test_migrate_is_repeatable_and_serve_answers_ready(
    postgres_url: str, kafka_bootstrap: str
) -> None:
    env = service_env(postgres_url, kafka_bootstrap)
    for attempt in ("first", "again"):
        code, err = await run("migrate", "intake", env=env)
        assert code == 0, f"{attempt}: {err[-2000:]}"
    engine = create_engine(postgres_url)
    async with engine.connect() as conn:
        heads = set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        tables = set(
            (
                await conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).scalars()
        )
    await engine.dispose()
    assert heads == script_heads("intake")
    assert {"outbox", "inbox", "dead_letters", "idempotency_keys"} <= tables

    port = processes.free_port()
    proc = await processes.start("serve", "intake", "--port", str(port), env=env)
    try:
        await processes.wait_ready(proc, f"http://127.0.0.1:{port}/readyz")
    finally:
        await processes.interrupt(proc, signal.SIGTERM)


def script_heads(service: str) -> set[str]:
    """The newest revision of every branch the service's migrations have."""
    entry = SERVICES[service]
    config = migrations.alembic_config(entry.definition.migrations)
    return set(ScriptDirectory.from_config(config).get_heads())


async def test_a_missing_database_url_stops_serve_with_its_name(kafka_bootstrap: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    code, err = await run("serve", "intake", env=env)
    assert code != 0
    assert "ORDERFLOW_INTAKE_DATABASE_URL" in err
