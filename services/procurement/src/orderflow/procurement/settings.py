"""procurement settings: `ORDERFLOW_PROCUREMENT_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class ProcurementSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_PROCUREMENT_", extra="ignore")
