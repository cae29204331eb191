"""order-intake settings: `ORDERFLOW_INTAKE_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_INTAKE_", extra="ignore")
