"""procurement REST API (thin routes; business endpoints arrive with their issues)."""

from fastapi import APIRouter

router = APIRouter(prefix="/v1", tags=["procurement"])
