"""The delivery-notice log: every notice with its outcome, failures visible (R-5.1)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter
from sqlalchemy import select

from orderflow.logistics import models
from orderflow.logistics.api.common import Cursor, Limit, SealerDep, customer_scope, page
from orderflow.logistics.domain.notices import NoticeStatus
from orderflow.logistics.schemas import NoticePublic, Page
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, require_scopes

router = APIRouter()
NoticeReader = Annotated[Principal, require_scopes("logistics:notices:read")]


@router.get("/delivery-notices")
async def list_notices(
    session: SessionDep,
    principal: NoticeReader,
    pii: SealerDep,
    status: NoticeStatus | None = None,
    order_id: UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[NoticePublic]:
    """Every notice with its outcome; failed and retrying ones are visible here (R-5.1)."""
    n = models.delivery_notices
    query = customer_scope(select(n), principal, n.c.customer_id)
    if status is not None:
        query = query.where(n.c.status == status.value)
    if order_id is not None:
        query = query.where(n.c.order_id == str(order_id))
    rows, following = await page(session, query, n.c.notice_id, cursor, limit)
    items = [
        NoticePublic.model_validate(r).model_copy(update={"recipient": pii.open(r.recipient)})
        for r in rows
    ]
    return Page(items=items, next_cursor=following)
