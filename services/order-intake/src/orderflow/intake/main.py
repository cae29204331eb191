"""Composition root of order-intake: its definition and `create_app`."""

from pathlib import Path

from fastapi import FastAPI
from prometheus_client import Counter

from orderflow.intake import handlers, jobs, models
from orderflow.intake.api import ROUTERS
from orderflow.intake.crypto import PiiCipher
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
    routers=ROUTERS,
    handlers=handlers.build,
    jobs=jobs.build,
    metadata=models.metadata,
    # Customers and partners may use only these: their own orders, requests and customer
    # record, and (partners) their webhook subscriptions.
    external_scopes=frozenset(
        {
            "intake:orders:read",
            "intake:orders:write",
            "intake:orders:submit",
            "intake:orders:clarify",
            "intake:changes:write",
            "intake:cancellations:write",
            "intake:customers:read",
            "intake:customers:write",
            "intake:contacts:read",
            "intake:subscriptions:write",
        }
    ),
)


def create_app(
    settings: IntakeSettings | None = None, bus: Bus | None = None, clock: Clock | None = None
) -> FastAPI:
    settings = settings or load_settings(IntakeSettings)
    app = build_app(DEFINITION, settings, bus, clock)
    app.state.pii_cipher = PiiCipher.from_settings(settings)
    app.state.webhook_rejections = Counter(
        "orderflow_intake_webhook_rejections",
        "Inbound webhook deliveries refused for a bad or missing signature.",
        ["source"],
        registry=app.state.service.metrics.registry,
    )
    return app
