"""What the production routes share: scopes, page size, the customer's view of a plan."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from sqlalchemy import ColumnElement, false

from orderflow.production.repository import floor
from orderflow.runtime.web import Principal, not_found

CATALOG_READ, CATALOG_WRITE = "production:catalog:read", "production:catalog:write"
PLANS_READ = "production:plans:read"
TASKS_ASSIGN, PROGRESS_REPORT = "production:tasks:assign", "production:progress:write"
QC_REPORT = "production:qc:write"

Limit = Annotated[int, Query(ge=1, le=100)]
"""Page size, capped at 100."""


def visible_plan(principal: Principal, plan: Any, plan_id: object) -> Any:
    """The plan, or 404 when absent or another customer's (a customer sees only its own)."""
    if plan is None or not principal.may_see(customer_id=str(plan.customer_id)):
        raise not_found("Plan", plan_id)
    return plan


def own_plans(principal: Principal) -> ColumnElement[bool]:
    """A customer's filter on plans: its own orders' only (partners see none)."""
    if principal.kind != "customer" or principal.customer_id is None:
        return false()
    try:
        return floor.plans.c.customer_id == UUID(principal.customer_id)
    except ValueError:
        return false()
