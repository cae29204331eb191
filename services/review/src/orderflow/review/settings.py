"""review settings: `ORDERFLOW_REVIEW_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class ReviewSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_REVIEW_", extra="ignore")
