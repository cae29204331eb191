"""Composition root of order-intake: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI

from orderflow.intake import api, handlers
from orderflow.intake.settings import IntakeSettings
from orderflow.runtime.bus import Bus
from orderflow.runtime.clock import Clock
from orderflow.runtime.service import ServiceDefinition, build_app
from orderflow.runtime.settings import load_settings

DEFINITION = ServiceDefinition(
    name="intake",
    title="OrderFlow order-intake",
    description=(
        "Sales and customer service: customers, orders from every channel, the "
        "information check, special orders, the order lifecycle, change and cancellation "
        "requests, e-commerce webhooks (R-2, R-6)."
    ),
    migrations=Path(__file__).parent / "migrations" / "versions",
    routers=(api.router,),
    handlers=handlers.build,
)


def create_app(
    settings: IntakeSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    return build_app(DEFINITION, settings or load_settings(IntakeSettings), bus, clock)
