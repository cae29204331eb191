"""Run a service's Alembic migrations: the runtime's branch plus the service's own."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

RUNTIME_ALEMBIC = Path(__file__).parent / "alembic"


def alembic_config(service_versions: Path, metadata: MetaData | None = None) -> Config:
    """An Alembic config with no ini file: one shared env, two version locations."""
    config = Config()
    config.set_main_option("script_location", str(RUNTIME_ALEMBIC))
    config.set_main_option(
        "version_locations", f"{RUNTIME_ALEMBIC / 'versions'} {service_versions}"
    )
    config.set_main_option("path_separator", "space")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["target_metadata"] = metadata
    return config


async def upgrade(
    engine: AsyncEngine, service_versions: Path, metadata: MetaData | None = None
) -> None:
    """Bring the database to every head; safe when several replicas start at once."""
    config = alembic_config(service_versions, metadata)
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # replicas starting together migrate one by one
            await conn.execute(text("SELECT pg_advisory_xact_lock(7254011)"))
        await conn.run_sync(_upgrade, config)


def _upgrade(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "heads")


async def make_revision(
    engine: AsyncEngine,
    service_versions: Path,
    metadata: MetaData,
    branch: str,
    message: str,
) -> None:
    """Autogenerate the next revision of `branch` from `metadata` (database brought to heads)."""
    config = alembic_config(service_versions, metadata)
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, config)
    async with engine.begin() as conn:
        await conn.run_sync(_revision, config, branch, message)


def _revision(connection: Connection, config: Config, branch: str, message: str) -> None:
    config.attributes["connection"] = connection
    versions = _versions_dir(config, branch)
    number = len(list(versions.glob(f"{branch}_[0-9][0-9][0-9][0-9]_*.py"))) + 1
    command.revision(
        config,
        message=message,
        autogenerate=True,
        head=f"{branch}@head",
        version_path=str(versions),
        rev_id=f"{branch}_{number:04d}",
    )


def _versions_dir(config: Config, branch: str) -> Path:
    locations = (config.get_main_option("version_locations") or "").split()
    return Path(next(loc for loc in locations if "runtime" not in loc or branch == "runtime"))
