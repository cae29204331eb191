"""A backup of a service database restores to the same rows (R-8.3, DESIGN §7)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from orderflow.runtime.db import create_engine
from tests.support.databases import fresh_database

pytestmark = pytest.mark.integration
SCRIPT = Path(__file__).parents[3] / "deploy" / "backup.sh"


async def run(*args: str, env: dict[str, str]) -> str:
    proc = await asyncio.create_subprocess_exec(
        str(SCRIPT), *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    return out.decode().strip()


async def rows(url: str) -> list[tuple[int, str]]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        result = await conn.execute(text("SELECT id, what FROM ledger ORDER BY id"))
        found = [(row.id, row.what) for row in result]
    await engine.dispose()
    return found


async def test_backup_then_restore_gives_back_every_row(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    async with fresh_database(postgres_admin_url) as source_url:
        engine = create_engine(source_url)
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE ledger (id int PRIMARY KEY, what text)"))
            await conn.execute(
                text("INSERT INTO ledger SELECT g, 'entry ' || g FROM generate_series(1, 500) g")
            )
        await engine.dispose()
        parts = urlsplit(source_url)
        source_db = parts.path.lstrip("/")
        env = {
            **os.environ,
            "ORDERFLOW_PG_HOST": parts.hostname or "127.0.0.1",
            "ORDERFLOW_PG_PORT": str(parts.port or 5432),
            "ORDERFLOW_PG_USER": parts.username or "",
            "ORDERFLOW_PG_PASSWORD": parts.password or "",
            "ORDERFLOW_BACKUP_DATABASES": source_db,
        }
        backup_dir = await run("backup", str(tmp_path), env=env)
        target = f"{source_db}_restored"
        await run("restore", backup_dir, source_db, target, env=env)
        restored_url = source_url.rsplit("/", 1)[0] + f"/{target}"
        try:
            assert await rows(restored_url) == await rows(source_url)
            assert len(await rows(restored_url)) == 500
            dump = Path(backup_dir) / f"{source_db}.dump"
            dump.write_bytes(dump.read_bytes()[:-10] + b"tampered!!")
            with pytest.raises(AssertionError, match="checksum"):
                await run("restore", backup_dir, source_db, target, env=env)
            assert len(await rows(restored_url)) == 500, "a refused restore leaves the target"
        finally:
            await drop(postgres_admin_url, target)


async def drop(admin_url: str, database: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        await admin.close()
