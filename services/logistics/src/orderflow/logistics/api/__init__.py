"""logistics REST API under `/v1`: carriers, shipments, tracking, notices, documents, visits."""

from fastapi import APIRouter

from orderflow.logistics.api import (
    carriers,
    deliveries,
    documents,
    notices,
    shipment_exceptions,
    shipments,
    tracking,
    visits,
)

router = APIRouter(prefix="/v1", tags=["logistics"])
for part in (
    carriers,
    shipments,
    tracking,
    shipment_exceptions,
    deliveries,
    notices,
    documents,
    visits,
):
    router.include_router(part.router)
