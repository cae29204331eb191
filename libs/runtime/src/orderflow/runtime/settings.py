"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """One service's configuration, read from the environment when `create_app` runs.

    Each service subclasses this and sets `env_prefix` (`ORDERFLOW_INTAKE_`, …); the few
    values that are the same for every service (Kafka, JWT) also read `ORDERFLOW_` names.
    """

    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_", extra="ignore")

    database_url: str = Field(description="SQLAlchemy async URL: postgresql+asyncpg://… or sqlite+aiosqlite:///…")
    bus: Literal["kafka", "embedded"] = "kafka"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    migrate_on_start: bool = False
    jwt_secret: SecretStr = SecretStr("dev-only-change-me-0123456789abcdef")
    jwt_issuer: str = "orderflow"
    jwt_audience: str = "orderflow"
    relay_poll_seconds: float = 0.1
    relay_batch_size: int = 200
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.05
    outbox_max_age_seconds: float = 60.0
    log_level: str = "INFO"


def sqlite_url(data_dir: Path, service: str) -> str:
    """The embedded mode's database URL for one service: its own SQLite file."""
    return f"sqlite+aiosqlite:///{data_dir / f'{service}.sqlite3'}"
