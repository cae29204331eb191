"""reporting settings: `ORDERFLOW_REPORTING_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_REPORTING_", extra="ignore")
