"""production settings: `ORDERFLOW_PRODUCTION_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class ProductionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_PRODUCTION_", extra="ignore")
