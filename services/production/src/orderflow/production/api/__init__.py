"""production REST API (mounted at /production): catalog, plans and the shop floor."""

from fastapi import APIRouter

from orderflow.production.api import catalog, plans, products, tasks

router = APIRouter(prefix="/v1", tags=["production"])
router.include_router(catalog.router)
router.include_router(products.router)
router.include_router(plans.router)
router.include_router(tasks.router)
