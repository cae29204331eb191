"""Inventory: what is on hand, reserved for orders, and available (R-3.1, R-4.4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Request, Response

from orderflow.procurement.api.common import domain_refusals, emitter, json_with_etag
from orderflow.procurement.domain import stock as stock_rules
from orderflow.procurement.domain.errors import BusinessRuleError
from orderflow.procurement.domain.stock import Stock
from orderflow.procurement.flows import availability
from orderflow.procurement.schemas import Page
from orderflow.procurement.schemas.suppliers import StockCount, StockItemCreate, StockItemPublic
from orderflow.procurement.store import stock as stock_store
from orderflow.runtime.deps import NowDep, SessionDep
from orderflow.runtime.web import (
    Cursor,
    Limit,
    Principal,
    ProblemError,
    check_if_match,
    decode_cursor,
    idempotency_key_parameter,
    idempotent,
    next_cursor,
    not_found,
    problem_responses,
    require_staff,
    set_etag,
)

router = APIRouter(tags=["inventory"])
Reader = Annotated[Principal, require_staff("procurement:inventory:read")]
Writer = Annotated[Principal, require_staff("procurement:inventory:write")]


@router.post(
    "/inventory/items",
    status_code=201,
    responses=problem_responses(409, 422),
    openapi_extra=idempotency_key_parameter(),
)
async def add_item(
    body: StockItemCreate, request: Request, session: SessionDep, now: NowDep, principal: Writer
) -> Response:
    """Set up a material procurement stocks, with what is on hand now."""
    async with idempotent(session, request, principal.subject) as slot:
        if slot.replay is not None:
            return slot.replay
        if await stock_store.get(session, body.item_code) is not None:
            raise ProblemError(409, "item-exists", "Item exists", f"{body.item_code} is set up")
        stock = Stock(body.item_code, body.unit, body.category, body.on_hand, reserved=Decimal(0))
        await stock_store.insert(session, stock, now=now)
        await availability.publish(session, [stock.item_code], emitter(now, principal))
        content, headers = json_with_etag(StockItemPublic.of(stock, 1), 1)
        return await slot.store(201, content, headers)


@router.get("/inventory/items", response_model=Page[StockItemPublic])
async def list_items(
    session: SessionDep,
    _: Reader,
    category: str | None = None,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> Page[StockItemPublic]:
    rows = await stock_store.page(
        session, category=category, after=decode_cursor(cursor), limit=limit
    )
    items = [StockItemPublic.of(stock_store.to_domain(row), row.version) for row in rows]
    return Page(items=items, next_cursor=next_cursor([r.item_code for r in rows], limit))


@router.get("/inventory/items/{item_code}", responses=problem_responses(404))
async def get_item(
    item_code: str, response: Response, session: SessionDep, _: Reader
) -> StockItemPublic:
    row = await stock_store.get(session, item_code)
    if row is None:
        raise not_found("Item", item_code)
    set_etag(response, row.version)
    return StockItemPublic.of(stock_store.to_domain(row), row.version)


@router.post("/inventory/items/{item_code}/count", responses=problem_responses(404, 412, 422, 428))
async def count_item(
    item_code: str,
    body: StockCount,
    request: Request,
    response: Response,
    session: SessionDep,
    now: NowDep,
    principal: Writer,
) -> StockItemPublic:
    """Record a physical count; it may not fall below what is reserved for orders."""
    async with session.begin():
        row = await stock_store.get(session, item_code, lock=True)
        if row is None:
            raise not_found("Item", item_code)
        check_if_match(request, row.version)
        counted = stock_rules.count(stock_store.to_domain(row), body.on_hand)
        with domain_refusals():
            if counted is None:
                raise BusinessRuleError("count-below-reserved", "on hand may not be below reserved")
        await stock_store.save(session, counted, now=now)
        await availability.publish(session, [item_code], emitter(now, principal))
        set_etag(response, row.version + 1)
        return StockItemPublic.of(counted, row.version + 1)
