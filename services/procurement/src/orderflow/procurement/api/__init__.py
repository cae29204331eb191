"""procurement's REST API under `/v1`: suppliers, inventory, purchase orders, requisitions."""

from fastapi import APIRouter

from orderflow.procurement.api import (
    inventory,
    purchase_orders,
    qualification,
    requisitions,
    suppliers,
)

router = APIRouter(prefix="/v1")
for part in (suppliers, qualification, inventory, purchase_orders, requisitions):
    router.include_router(part.router)
