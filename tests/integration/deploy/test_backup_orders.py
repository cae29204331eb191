"""Orders survive backup, destruction and restore, in both modes (R-8.3, issue 9)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest

from tests.integration.deploy.test_backup_restore import run
from tests.integration.intake.support import new_customer, order_body, place, staff
from tests.support.databases import fresh_database
from tests.support.service_app import RunningService, running_service

pytestmark = pytest.mark.integration


async def place_orders(svc: RunningService, count: int = 3) -> None:
    for _ in range(count):
        response = await place(svc, order_body(await new_customer(svc)), staff(svc))
        assert response.status_code == 201, response.text


async def every_order(svc: RunningService) -> list[Any]:
    """Each order as its owner reads it: state, lines, history and decrypted contact."""
    listing = (await svc.client.get("/v1/orders", headers=staff(svc))).json()["items"]
    return [
        (await svc.client.get(f"/v1/orders/{o['id']}", headers=staff(svc))).json() for o in listing
    ]


async def test_embedded_orders_are_intact_after_backup_destroy_restore(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    async with running_service("intake", data) as svc:
        await place_orders(svc)
        before = await every_order(svc)
        backup = await run(
            "backup-embedded", str(data), str(tmp_path / "backups"), env=dict(os.environ)
        )
    for file in data.iterdir():
        file.unlink()  # the machine's disk is gone
    await run("restore-embedded", backup, str(data), env=dict(os.environ))
    async with running_service("intake", data) as svc:
        assert await every_order(svc) == before
    assert len(before) == 3


async def test_postgres_orders_are_intact_after_backup_destroy_restore(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    async with fresh_database(postgres_admin_url) as url:
        async with running_service("intake", tmp_path, database_url=url) as svc:
            await place_orders(svc)
            before = await every_order(svc)
        parts = urlsplit(url)
        database = parts.path.lstrip("/")
        env = {
            **os.environ,
            "ORDERFLOW_PG_HOST": parts.hostname or "127.0.0.1",
            "ORDERFLOW_PG_PORT": str(parts.port or 5432),
            "ORDERFLOW_PG_USER": parts.username or "",
            "ORDERFLOW_PG_PASSWORD": parts.password or "",
            "ORDERFLOW_BACKUP_DATABASES": database,
        }
        backup = await run("backup", str(tmp_path / "backups"), env=env)
        admin = await asyncpg.connect(postgres_admin_url.replace("+asyncpg", ""))
        try:
            await admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')  # destroyed
        finally:
            await admin.close()
        await run("restore", backup, database, env=env)
        async with running_service("intake", tmp_path, database_url=url) as svc:
            assert await every_order(svc) == before
        assert len(before) == 3
