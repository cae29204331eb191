"""The events procurement publishes, built from domain objects (keys per the catalog)."""

from orderflow.procurement.events.purchasing import PurchasingEvents
from orderflow.procurement.events.supply import SupplyEvents


class Emit(SupplyEvents, PurchasingEvents):
    """Every event procurement publishes, stamped with one time, actor and cause."""


__all__ = ["Emit"]
