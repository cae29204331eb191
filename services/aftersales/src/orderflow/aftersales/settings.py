"""aftersales settings: `ORDERFLOW_AFTERSALES_…`, falling back to shared `ORDERFLOW_…` names."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from orderflow.runtime.settings import ServiceSettings


class AftersalesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_AFTERSALES_", extra="ignore")

    # Days a customer has to inspect a delivery when neither contract nor customer says.
    default_acceptance_days: int = Field(default=7, ge=1)
    # Warranty after delivery, by product code, else the default.
    default_warranty_days: int = Field(default=365, ge=0)
    warranty_days_by_product: dict[str, int] = Field(default_factory=dict)
    # Days after a case is handled until its follow-up visit.
    follow_up_after_days: int = Field(default=7, ge=0)
