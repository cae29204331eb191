"""Delivery documents as downloadable PDFs (R-5.2)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Response
from sqlalchemy import select

from orderflow.logistics import models, store
from orderflow.logistics.api.common import visible
from orderflow.logistics.schemas import DocumentPublic
from orderflow.runtime.deps import SessionDep
from orderflow.runtime.web import Principal, not_found, problem_responses, require_scopes

router = APIRouter()
Reader = Annotated[Principal, require_scopes("logistics:documents:read")]


@router.get("/orders/{order_id}/documents", responses=problem_responses(404))
async def list_documents(
    order_id: UUID, session: SessionDep, principal: Reader
) -> list[DocumentPublic]:
    visible(principal, await store.order_row(session, order_id), "Order", order_id)
    d = models.delivery_documents
    query = select(d).where(d.c.order_id == str(order_id)).order_by(d.c.document_id)
    return [DocumentPublic.model_validate(r) for r in (await session.execute(query)).all()]


@router.get(
    "/documents/{document_id}",
    responses={200: {"content": {"application/pdf": {}}}, **problem_responses(404)},
)
async def download_document(document_id: UUID, session: SessionDep, principal: Reader) -> Response:
    d = models.delivery_documents
    row = (await session.execute(select(d).where(d.c.document_id == str(document_id)))).first()
    if row is None:
        raise not_found("Document", document_id)
    visible(principal, await store.order_row(session, UUID(row.order_id)), "Document", document_id)
    headers = {
        "Content-Disposition": f'attachment; filename="{row.filename}"',
        "ETag": f'"{row.sha256}"',
    }
    return Response(row.content, media_type="application/pdf", headers=headers)
