"""Settings come from the environment; a missing one is named (DESIGN §8)."""

from __future__ import annotations

import pytest
from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings, SettingsError, load_settings

pytestmark = pytest.mark.unit


class ExampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_EXAMPLE_", extra="ignore")


def test_a_missing_database_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORDERFLOW_EXAMPLE_DATABASE_URL", raising=False)
    monkeypatch.delenv("ORDERFLOW_DATABASE_URL", raising=False)
    with pytest.raises(SettingsError, match="ORDERFLOW_EXAMPLE_DATABASE_URL"):
        load_settings(ExampleSettings)


def test_the_service_prefix_wins_over_the_shared_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERFLOW_EXAMPLE_DATABASE_URL", "sqlite+aiosqlite:///own.db")
    monkeypatch.setenv("ORDERFLOW_KAFKA_BOOTSTRAP_SERVERS", "shared:9092")
    monkeypatch.setenv("ORDERFLOW_EXAMPLE_KAFKA_BOOTSTRAP_SERVERS", "own:9092")
    monkeypatch.setenv("ORDERFLOW_JWT_ISSUER", "shared-issuer")
    settings = load_settings(ExampleSettings)
    assert settings.kafka_bootstrap_servers == "own:9092"
    assert settings.jwt_issuer == "shared-issuer"


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERFLOW_EXAMPLE_DATABASE_URL", "sqlite+aiosqlite:///own.db")
    monkeypatch.setenv("ORDERFLOW_EXAMPLE_BUS", "carrier-pigeon")
    with pytest.raises(SettingsError, match="ORDERFLOW_EXAMPLE_BUS"):
        load_settings(ExampleSettings)
