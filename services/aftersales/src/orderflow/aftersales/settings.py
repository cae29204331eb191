"""aftersales settings: `ORDERFLOW_AFTERSALES_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class AftersalesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_AFTERSALES_", extra="ignore")
