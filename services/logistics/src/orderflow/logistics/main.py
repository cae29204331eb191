"""Composition root of logistics: its definition and `create_app`."""

from dataclasses import replace
from pathlib import Path

from fastapi import FastAPI

from orderflow.logistics import api, handlers, jobs, models
from orderflow.logistics.mailer import Notifier
from orderflow.logistics.settings import LogisticsSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings
from orderflow.runtime.web.auth import AuthConfig

DEFINITION = ServiceDefinition(
    name="logistics",
    title="OrderFlow logistics",
    description=(
        "Carriers and service areas, delivery assessments, shipments, tracking and "
        "exceptions, delivery notices and documents, proof of delivery, on-site service "
        "(R-4.7–R-4.9, R-5.1–R-5.4)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
    metadata=models.metadata,
    # Customers and partners may use only these: their shipments, tracking and documents.
    external_scopes=frozenset(
        {
            "logistics:shipments:read",
            "logistics:documents:read",
        }
    ),
)


def create_app(
    settings: LogisticsSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    config = settings or load_settings(LogisticsSettings)
    # The notifier sends delivery notices from the scheduler; tests swap its intake transport.
    notifier = Notifier(config, AuthConfig.from_settings(config))
    definition = replace(DEFINITION, jobs=lambda state: jobs.build(state, notifier))
    app = build_app(definition, config, bus, clock)
    app.state.notifier = notifier
    return app
