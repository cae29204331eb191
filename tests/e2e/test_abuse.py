"""Abuse: what OrderFlow must refuse, walked over every documented endpoint (issue 10).

- every endpoint × every role × the victim's own object ids → 403 or 404, never a 2xx, and a
  list never shows the victim's data (OWASP API1 BOLA, API5 function level);
- every endpoint without a token → 401;
- unknown or read-only fields in a body → 422 naming them (API3 mass assignment);
- bodies over the limit → 413; page sizes capped at 100; a caller past its rate → 429 with
  Retry-After (API4).
Both modes: `orderflow up` and the distributed topology behind nginx.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e import abuse
from tests.e2e.abuse import Operation, Role, Victim
from tests.e2e.flow import Client, codes, eventually, ok, submitted_order

pytestmark = pytest.mark.e2e

PROBLEM = "application/problem+json"
STAFF = Role("auditor", "staff")  # every scope: only validation and limits stand in the way


async def victim_of(http: httpx.AsyncClient, contact: dict[str, str] | None = None) -> Victim:
    """A customer's approved order and the real ids it has in every service."""
    client = Client(http)
    sku, item = codes()
    order = await submitted_order(client, sku, item, contact=contact)
    order_id, customer_id = str(order["id"]), str(order["customer_id"])
    await client.order_status(order_id, "approved")
    ids = {"order_id": order_id, "customer_id": customer_id, "key": customer_id}
    ids |= {"code": sku, "item_code": item, "currency": "EUR", "department": "sales"}
    ids |= {"kind": "complaint", "priority": "high", "dimension": "channel"}

    async def first(path: str, headers: dict[str, str], **params: str) -> Any:
        items = (await client.get(path, headers, **params))["items"]
        return items[0] if items else None

    def ident(item: dict[str, Any], name: str) -> str:
        return str(item.get(name, item.get("id")))

    review = await first("/review/v1/rounds", client.review, order_id=order_id)
    ids["round_id"] = ident(review, "round_id")
    plan = await eventually(
        lambda: first("/production/v1/plans", client.production, order_id=order_id)
    )
    ids["plan_id"] = ident(plan, "plan_id")
    task = await first("/production/v1/tasks", client.production, plan_id=ids["plan_id"])
    ids["task_id"] = ident(task, "task_id")
    po = await eventually(
        lambda: first("/procurement/v1/purchase-orders", client.procurement, order_id=order_id)
    )
    ids["po_id"], ids["supplier_id"] = ident(po, "po_id"), str(po["supplier_id"])
    requisition = await first("/procurement/v1/requisitions", client.procurement, order_id=order_id)
    if requisition is not None:
        ids["requisition_id"] = ident(requisition, "requisition_id")
    carrier = await first("/logistics/v1/carriers", client.logistics)
    ids["carrier_id"] = ident(carrier, "carrier_id")
    assert "None" not in ids.values(), ids
    return Victim(ids)


def problem(response: httpx.Response) -> dict[str, Any]:
    assert response.headers.get("content-type", "").startswith(PROBLEM), (
        f"{response.request.method} {response.request.url}: {response.status_code} "
        f"{response.headers.get('content-type')} {response.text[:300]}"
    )
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code, body
    return body


def verdict(operation: Operation, response: httpx.Response, victim: Victim) -> str | None:
    """Why this answer to a foreign caller is wrong, or None when it is a proper refusal."""
    status = response.status_code
    if status >= 400 and not response.headers.get("content-type", "").startswith(PROBLEM):
        return f"{status} without problem+json"
    if operation.path_params:
        if status == 422 and operation.writes and body_shape_only(response):
            return None  # the empty body is refused before the object is looked at: no leak
        allowed = {403, 404}
    elif operation.writes:
        allowed = {403, 404, 422}  # no object named: refused, or not even a valid request
    else:
        leaked = victim.leaked_in(response.text) if status == 200 else []
        return (
            f"200 showing {leaked}"
            if leaked
            else None
            if status in (200, 403, 404)
            else str(status)
        )
    return None if status in allowed else f"{status} {response.text[:160]}"


def body_shape_only(response: httpx.Response) -> bool:
    """A 422 about the body's shape alone, which says nothing about any object."""
    errors = response.json().get("errors") or [{"field": ""}]
    return all(str(e["field"]).startswith("body") for e in errors)


def write_headers() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex, "If-Match": '"1"'}


async def test_no_caller_reaches_another_customers_objects(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        victim = await victim_of(http)
        operations = list(abuse.operations(await abuse.documents(http)))
        headers = {(r, s): r.headers(s) for r in abuse.ROLES for s in abuse.SERVICES}
        failures: list[str] = []
        for operation in operations:
            for role in abuse.ROLES:
                response = await http.request(
                    operation.method,
                    victim.fill(operation),
                    params=victim.query(operation),
                    headers={**headers[role, operation.service], **write_headers()},
                    json={} if operation.writes else None,
                )
                wrong = verdict(operation, response, victim)
                if wrong:
                    failures.append(f"{role.name:17} {operation}: {wrong}")
    assert len(operations) > 140, "the OpenAPI documents lost endpoints"
    assert not failures, f"{len(failures)} of {len(operations) * 3} answers:\n" + "\n".join(
        failures
    )


async def test_every_endpoint_wants_a_token(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        victim = Victim({})
        failures = []
        operations = list(abuse.operations(await abuse.documents(http)))
        for operation in operations:
            response = await http.request(
                operation.method, victim.fill(operation), json={} if operation.writes else None
            )
            if response.status_code != 401 or not response.headers["content-type"].startswith(
                PROBLEM
            ):
                failures.append(f"{operation}: {response.status_code}")
            else:
                assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not failures, "\n".join(failures)


async def test_bodies_fields_pages_and_rates_are_bounded(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        docs = await abuse.documents(http)
        operations = list(abuse.operations(docs))
        staff = {s: STAFF.headers(s) for s in abuse.SERVICES}
        await unknown_fields_are_refused(http, docs, operations, staff)
        await oversized_bodies_are_refused(http, docs, operations, staff)
        await page_sizes_are_capped(http, operations, staff)
        await a_flood_is_rate_limited(http)


async def unknown_fields_are_refused(
    http: httpx.AsyncClient,
    docs: dict[str, dict[str, Any]],
    operations: list[Operation],
    staff: dict[str, dict[str, str]],
) -> None:
    """A body may only carry what the schema declares; `status` and friends are read-only."""
    open_schemas, accepted = [], []
    for operation in operations:
        schema = operation.json_body_schema(docs[operation.service])
        if schema is None:
            continue
        if schema.get("additionalProperties") is not False:
            open_schemas.append(str(operation))
        if operation.path_params:
            continue  # the object lookup may answer first; the schema check above covers them
        extra = {"unexpected_field": 1, "id": str(uuid.uuid4())}
        if "status" not in schema.get("properties", {}):
            extra["status"] = "approved"
        response = await http.request(
            operation.method,
            f"/{operation.service}{operation.path}",
            json=extra,
            headers={**staff[operation.service], **write_headers()},
        )
        fields = {e["field"]: e["type"] for e in problem(response).get("errors", [])}
        if response.status_code != 422 or fields.get("body.unexpected_field") != "extra_forbidden":
            accepted.append(f"{operation}: {response.status_code} {fields}")
    assert not open_schemas, "request bodies accepting unknown fields:\n" + "\n".join(open_schemas)
    assert not accepted, "\n".join(accepted)


async def oversized_bodies_are_refused(
    http: httpx.AsyncClient,
    docs: dict[str, dict[str, Any]],
    operations: list[Operation],
    staff: dict[str, dict[str, str]],
) -> None:
    big = {"padding": "x" * (2 * 1024 * 1024)}  # twice the default max_body_bytes
    refused = set()
    for operation in operations:
        if (
            operation.service in refused
            or operation.json_body_schema(docs[operation.service]) is None
        ):
            continue
        response = await http.request(
            operation.method,
            f"/{operation.service}{operation.path}",
            json=big,
            headers={**staff[operation.service], **write_headers()},
        )
        assert response.status_code == 413, f"{operation}: {response.status_code}"
        assert problem(response)["max_body_bytes"] == 1024 * 1024
        refused.add(operation.service)
    assert refused == set(abuse.SERVICES)


async def page_sizes_are_capped(
    http: httpx.AsyncClient, operations: list[Operation], staff: dict[str, dict[str, str]]
) -> None:
    victim = Victim({})
    for operation in operations:
        limit = next((p for p in operation.query_params() if p["name"] == "limit"), None)
        if operation.method != "GET" or limit is None:
            continue
        assert limit["schema"].get("maximum", 10**9) <= 100, f"{operation}: {limit}"
        response = await http.get(
            victim.fill(operation), params={"limit": 1000}, headers=staff[operation.service]
        )
        if response.status_code == 200:  # capped rather than refused: at most 100 items
            assert len(response.json().get("items", [])) <= 100, str(operation)
        else:
            assert response.status_code in (404, 422), f"{operation}: {response.status_code}"
            problem(response)


async def a_flood_is_rate_limited(http: httpx.AsyncClient) -> None:
    """One caller sending far more than its burst: refused with 429 and when to come back."""
    headers = Role("flooder", "staff").headers("intake")

    async def call() -> httpx.Response:
        # A cheap answer, so the flood outruns the refill (20/s after a burst of 200).
        return await http.get("/intake/openapi.json", headers=headers)

    answers: list[httpx.Response] = []
    for _ in range(4):
        answers += await asyncio.gather(*(call() for _ in range(200)))
    statuses = {a.status_code for a in answers}
    assert statuses <= {200, 429}, statuses
    limited = [a for a in answers if a.status_code == 429]
    assert limited, "800 requests in a burst passed without a 429"
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert problem(limited[0])["type"].endswith("/rate-limited")

    # Another caller is not affected by the flood.
    others = Role("bystander", "staff").headers("intake")
    ok(await http.get("/intake/v1/orders", params={"limit": 1}, headers=others))
