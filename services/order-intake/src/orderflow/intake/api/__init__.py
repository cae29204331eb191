"""order-intake REST API: thin routes, one transaction per request."""

from orderflow.intake.api import (
    contacts,
    customers,
    listing,
    orders,
    partners,
    requests,
    transitions,
    webhooks,
)

ROUTERS = (
    customers.router,
    orders.router,
    listing.router,
    transitions.router,
    requests.router,
    contacts.router,
    webhooks.router,
    partners.router,
)
