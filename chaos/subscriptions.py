"""Which event types each consumer handles, read from the services' own handler tables, so
the checker expects exactly what the running code subscribes to (no copied list)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from types import SimpleNamespace

from orderflow.contracts import registry
from orderflow.runtime.settings import ServiceSettings

# consumer name -> (package, settings class)
PACKAGES: Mapping[str, tuple[str, str]] = {
    "intake": ("orderflow.intake", "IntakeSettings"),
    "review": ("orderflow.review", "ReviewSettings"),
    "production": ("orderflow.production", "ProductionSettings"),
    "procurement": ("orderflow.procurement", "ProcurementSettings"),
    "logistics": ("orderflow.logistics", "LogisticsSettings"),
    "aftersales": ("orderflow.aftersales", "AftersalesSettings"),
    "reporting": ("orderflow.reporting", "ReportingSettings"),
}


@cache
def handled() -> dict[str, frozenset[str]]:
    """consumer -> the event types its handlers take (a stub state: handlers are only built)."""
    found: dict[str, frozenset[str]] = {}
    for consumer, (package, settings_name) in PACKAGES.items():
        settings_cls: type[ServiceSettings] = getattr(
            importlib.import_module(f"{package}.settings"), settings_name
        )
        definition = importlib.import_module(f"{package}.main").DEFINITION
        state = SimpleNamespace(settings=settings_cls(database_url="sqlite+aiosqlite://"))
        found[consumer] = frozenset(definition.handlers(state))
    return found


def consumers_of_topic(topic: str) -> list[str]:
    """The consumers subscribed to `topic` (a consumer group reads the whole topic)."""
    types = registry.event_types()
    return sorted(
        consumer
        for consumer, events in handled().items()
        if any(registry.topic_for(types[t].producer) == topic for t in events)
    )
