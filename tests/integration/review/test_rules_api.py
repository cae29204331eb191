"""Rules as data through REST: versioned, scoped, idempotent creation, If-Match updates (R-3.2)."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest

from tests.integration.review.support import RULES_WRITER
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


async def test_a_credit_profile_is_created_once_updated_by_version_and_keeps_its_history(
    tmp_path: Path,
) -> None:
    async with running_service("review", tmp_path) as svc:
        customer = str(uuid4())
        body = {
            "customer_id": customer,
            "credit_rating": 60,
            "credit_limit": "1000",
            "currency": "EUR",
        }
        headers = {**svc.auth(*RULES_WRITER, subject="finance-anna"), "Idempotency-Key": "k-1"}
        created = await svc.client.post("/v1/credit-profiles", json=body, headers=headers)
        assert created.status_code == 201, created.text
        assert created.headers["ETag"] == '"1"'
        assert created.json()["rules_version"] == "rules-v1"
        replayed = await svc.client.post("/v1/credit-profiles", json=body, headers=headers)
        assert (replayed.status_code, replayed.json()) == (201, created.json())
        twice = await svc.client.post(
            "/v1/credit-profiles", json=body, headers={**headers, "Idempotency-Key": "k-2"}
        )
        assert twice.status_code == 409
        assert twice.headers["content-type"] == PROBLEM

        url = f"/v1/credit-profiles/{customer}"
        raised = {**body, "credit_limit": "2500"}
        assert (
            await svc.client.put(url, json=raised, headers=svc.auth(*RULES_WRITER))
        ).status_code == 428
        stale = {**svc.auth(*RULES_WRITER), "If-Match": '"7"'}
        assert (await svc.client.put(url, json=raised, headers=stale)).status_code == 412
        fresh = {**svc.auth(*RULES_WRITER, subject="finance-ben"), "If-Match": '"1"'}
        updated = await svc.client.put(url, json=raised, headers=fresh)
        assert updated.status_code == 200, updated.text
        assert (updated.headers["ETag"], updated.json()["data"]["credit_limit"]) == ('"2"', "2500")

        versions = await svc.client.get(
            f"{url}/versions", headers=svc.auth("review:sales:rules:read")
        )
        assert [
            (v["version"], v["changed_by"], v["data"]["credit_limit"]) for v in versions.json()
        ] == [
            (1, "finance-anna", "1000"),
            (2, "finance-ben", "2500"),
        ]
        wrong_key = {**raised, "customer_id": str(uuid4())}
        mismatch = await svc.client.put(url, json=wrong_key, headers={**fresh, "If-Match": '"2"'})
        assert mismatch.status_code == 422


async def test_rules_need_their_scopes_and_forbid_unknown_fields(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        body = {"tier": "gold", "allowed_terms": ["net-30"]}
        reader = {**svc.auth("review:finance:rules:read"), "Idempotency-Key": "k"}
        refused = await svc.client.post("/v1/payment-term-policies", json=body, headers=reader)
        assert refused.status_code == 403
        writer = {**svc.auth(*RULES_WRITER), "Idempotency-Key": "k"}
        extra = await svc.client.post(
            "/v1/payment-term-policies", json={**body, "colour": "red"}, headers=writer
        )
        assert extra.status_code == 422
        assert extra.headers["content-type"] == PROBLEM
        assert (
            await svc.client.get("/v1/payment-term-policies/gold", headers=reader)
        ).status_code == 404
        assert (await svc.client.get("/v1/payment-term-policies")).status_code == 401


async def test_rule_records_are_listed_by_key_with_a_cursor(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        writer = svc.auth(*RULES_WRITER)
        for tier in ("bronze", "gold", "silver"):
            body = {"tier": tier, "allowed_terms": ["prepaid"]}
            response = await svc.client.post(
                "/v1/payment-term-policies", json=body, headers={**writer, "Idempotency-Key": tier}
            )
            assert response.status_code == 201
        update = {"tier": "gold", "allowed_terms": ["prepaid", "net-30"]}
        await svc.client.put(
            "/v1/payment-term-policies/gold", json=update, headers={**writer, "If-Match": '"1"'}
        )
        first = await svc.client.get(
            "/v1/payment-term-policies", params={"limit": 2}, headers=writer
        )
        page = first.json()
        assert [(r["key"], r["version"]) for r in page["items"]] == [("bronze", 1), ("gold", 2)]
        rest = await svc.client.get(
            "/v1/payment-term-policies",
            params={"limit": 2, "cursor": page["next_cursor"]},
            headers=writer,
        )
        assert [r["key"] for r in rest.json()["items"]] == ["silver"]
        assert rest.json()["next_cursor"] is None
        too_many = await svc.client.get(
            "/v1/payment-term-policies", params={"limit": 101}, headers=writer
        )
        assert too_many.status_code == 422


async def test_thresholds_start_at_the_defaults_and_change_by_version(tmp_path: Path) -> None:
    async with running_service("review", tmp_path) as svc:
        headers = svc.auth(*RULES_WRITER)
        defaults = await svc.client.get("/v1/thresholds", headers=headers)
        assert defaults.headers["ETag"] == '"0"'
        assert defaults.json()["data"]["review_hours"] == 48
        changed = {**defaults.json()["data"], "review_hours": 24}
        response = await svc.client.put(
            "/v1/thresholds", json=changed, headers={**headers, "If-Match": '"0"'}
        )
        assert response.status_code == 200, response.text
        assert (await svc.client.get("/v1/thresholds", headers=headers)).json()["data"][
            "review_hours"
        ] == 24


async def test_each_department_manages_only_its_own_rule_records(tmp_path: Path) -> None:
    """Credit profiles and price lists are sales' rules, receivables and terms finance's (R-3.1)."""
    async with running_service("review", tmp_path) as svc:
        finance = {**svc.auth("review:finance:rules:write"), "Idempotency-Key": "f-1"}
        sales = {**svc.auth("review:sales:rules:write"), "Idempotency-Key": "s-1"}
        profile = {
            "customer_id": str(uuid4()),
            "credit_rating": 70,
            "credit_limit": "1000.00",
            "currency": "EUR",
        }
        refused = await svc.client.post("/v1/credit-profiles", json=profile, headers=finance)
        assert refused.status_code == 403
        created = await svc.client.post("/v1/credit-profiles", json=profile, headers=sales)
        assert created.status_code == 201, created.text
