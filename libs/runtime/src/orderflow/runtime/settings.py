"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)


class ServiceSettings(BaseSettings):
    """One service's configuration, read from the environment when `create_app` runs.

    Each service subclasses this and sets `env_prefix` (`ORDERFLOW_INTAKE_`, …); the few
    values that are the same for every service (Kafka, JWT) also read `ORDERFLOW_` names.
    """

    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_", extra="ignore")

    database_url: str = Field(
        description="SQLAlchemy async URL: postgresql+asyncpg://… or sqlite+aiosqlite:///…"
    )
    bus: Literal["kafka", "embedded"] = "kafka"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = ""
    migrate_on_start: bool = False
    jwt_secret: SecretStr = SecretStr("dev-only-change-me-0123456789abcdef")
    jwt_issuer: str = "orderflow"
    jwt_audience: str = "orderflow"
    relay_poll_seconds: float = 0.1
    relay_batch_size: int = 200
    consumer_max_attempts: int = 5
    consumer_backoff_seconds: float = 0.05
    outbox_max_age_seconds: float = 60.0
    scheduler_poll_seconds: float = 1.0
    # Off only where something else runs the jobs (tests call Scheduler.run_due themselves).
    scheduler_enabled: bool = True
    # Base URLs of the other services this one calls (`{"intake": "http://…/intake"}`).
    peer_urls: dict[str, str] = Field(default_factory=dict)
    log_level: str = "INFO"
    # Request limits (issue 10): bodies above this are a 413; each caller (token subject, or
    # address when anonymous) gets `rate_limit_per_second` with bursts of `rate_limit_burst`
    # per instance before a 429 with Retry-After. A rate of 0 turns the limit off.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    rate_limit_per_second: float = Field(default=20.0, ge=0)
    rate_limit_burst: int = Field(default=200, ge=1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The service's own prefix wins; ORDERFLOW_… serves what all services share.
        shared = EnvSettingsSource(settings_cls, env_prefix=SHARED_PREFIX)
        return init_settings, env_settings, shared, dotenv_settings, file_secret_settings


class SettingsError(RuntimeError):
    """A required setting is missing or invalid; the message names the variable."""


SHARED_PREFIX = "ORDERFLOW_"
S = TypeVar("S", bound=ServiceSettings)


def load_settings(cls: type[S], **overrides: object) -> S:
    """Build settings from the environment, naming the variable of every missing or bad value."""
    try:
        return cls(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        prefix = str(cls.model_config.get("env_prefix", SHARED_PREFIX))
        problems = [
            f"{prefix}{'.'.join(map(str, err['loc'])).upper()}: {err['msg']}"
            for err in exc.errors()
        ]
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None


def sqlite_url(data_dir: Path, service: str) -> str:
    """The embedded mode's database URL for one service: its own SQLite file."""
    return f"sqlite+aiosqlite:///{data_dir / f'{service}.sqlite3'}"
