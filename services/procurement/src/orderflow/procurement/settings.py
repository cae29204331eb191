"""procurement settings: `ORDERFLOW_PROCUREMENT_…`, falling back to shared `ORDERFLOW_…` names."""

from decimal import Decimal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from orderflow.procurement.domain.policy import Policy
from orderflow.procurement.domain.selection import SelectionRule
from orderflow.runtime.settings import ServiceSettings


class ProcurementSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERFLOW_PROCUREMENT_", extra="ignore")

    # How a supplier is chosen for a shortfall; see `domain.selection.SelectionRule`.
    supplier_selection_rule: SelectionRule = SelectionRule.CHEAPEST_IN_TIME
    # Hour (UTC) of the day after `expected_on` at which an unreceived purchase order is overdue.
    overdue_check_hour: int = Field(default=0, ge=0, le=23)
    # Share (%) of an open purchase order's outstanding value its cancellation costs.
    cancellation_fee_percent: Decimal = Field(default=Decimal(10), ge=0, le=100)


def policy_of(settings: ServiceSettings) -> Policy:
    """The purchasing policy from the service's settings (the defaults if not ours)."""
    if not isinstance(settings, ProcurementSettings):
        settings = ProcurementSettings(database_url=settings.database_url)
    return Policy(
        settings.supplier_selection_rule,
        settings.overdue_check_hour,
        settings.cancellation_fee_percent,
    )
