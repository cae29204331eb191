"""logistics settings: `ORDERFLOW_LOGISTICS_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class LogisticsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_LOGISTICS_", extra="ignore")
