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
