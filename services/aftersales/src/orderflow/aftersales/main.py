"""Composition root of aftersales: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.aftersales import api, handlers, jobs, models
from orderflow.aftersales.settings import AftersalesSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="aftersales",
    title="OrderFlow aftersales",
    description=(
        "Acceptance with deadlines, claims, service tickets with response deadlines, "
        "follow-ups and satisfaction (R-5.5, R-5.6, R-7, R-9.2)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    jobs=jobs.build,
    metadata=models.metadata,
    # Customers and partners may use only these: their own acceptances, claims, tickets and surveys.
    external_scopes=frozenset(
        {
            "aftersales:acceptances:read",
            "aftersales:acceptances:write",
            "aftersales:claims:read",
            "aftersales:tickets:read",
            "aftersales:tickets:write",
            "aftersales:surveys:read",
            "aftersales:surveys:write",
        }
    ),
)


def create_app(
    settings: AftersalesSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(AftersalesSettings), bus, clock)
