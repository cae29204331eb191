"""production settings: `ORDERFLOW_PRODUCTION_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class ProductionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_PRODUCTION_", extra="ignore")

    # How long a passing assessment's tentative capacity hold lasts without a decision.
    capacity_hold_hours: float = Field(default=72.0, gt=0)
    # Currency of work-center rates and standard material costs.
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
