"""Work centers with capacity and calendar, products with routing and BOM, through REST
(R-3.1, R-4.2; DESIGN §6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.production.shop import CATALOG, chair, key, work_center
from tests.support.service_app import running_service

pytestmark = pytest.mark.integration
CENTERS = "/v1/work-centers"


async def test_a_work_center_is_created_once_per_key_and_updated_with_if_match(
    tmp_path: Path,
) -> None:
    async with running_service("production", tmp_path) as svc:
        headers = {**svc.auth(*CATALOG), **key()}
        body = {
            "name": "Paint team",
            "kind": "team",
            "hours_per_day": "7.5",
            "hourly_rate": "42",
            "lead_person_id": "lead-carl",
            "non_working_days": ["2026-01-06"],
        }
        first = await svc.client.post(CENTERS, json=body, headers=headers)
        again = await svc.client.post(CENTERS, json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        listed = await svc.client.get(CENTERS, headers=svc.auth(*CATALOG))
        assert len(listed.json()["items"]) == 1
        url = f"{CENTERS}/{first.json()['id']}"
        assert (
            await svc.client.patch(url, json={"hours_per_day": "6"}, headers=svc.auth(*CATALOG))
        ).status_code == 428
        changed = await svc.client.patch(
            url, json={"hours_per_day": "6"}, headers={**svc.auth(*CATALOG), "If-Match": '"1"'}
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["hours_per_day"], changed.json()["non_working_days"]) == (
            "6.000",
            ["2026-01-06"],
        )
        assert changed.headers["ETag"] == '"2"'
        stale = await svc.client.patch(
            url, json={"hourly_rate": "1"}, headers={**svc.auth(*CATALOG), "If-Match": '"1"'}
        )
        assert stale.status_code == 412


async def test_bad_input_and_missing_scope_are_problems(tmp_path: Path) -> None:
    async with running_service("production", tmp_path) as svc:
        body = {
            "name": "Line",
            "kind": "line",
            "hours_per_day": "8",
            "hourly_rate": "1",
            "lead_person_id": "lead-1",
            "colour": "red",
        }
        unknown = await svc.client.post(CENTERS, json=body, headers={**svc.auth(*CATALOG), **key()})
        assert unknown.status_code == 422
        assert unknown.headers["content-type"] == "application/problem+json"
        del body["colour"]
        body["hours_per_day"] = "25"
        assert (
            await svc.client.post(CENTERS, json=body, headers={**svc.auth(*CATALOG), **key()})
        ).status_code == 422
        reader = svc.auth("production:catalog:read")
        assert (
            await svc.client.post(CENTERS, json=body, headers={**reader, **key()})
        ).status_code == 403
        assert (await svc.client.get(f"{CENTERS}?limit=101", headers=reader)).status_code == 422


async def test_work_centers_page_by_cursor(tmp_path: Path) -> None:
    async with running_service("production", tmp_path) as svc:
        ids = [await work_center(svc) for _ in range(3)]
        first = (await svc.client.get(f"{CENTERS}?limit=2", headers=svc.auth(*CATALOG))).json()
        cursor = first["next_cursor"]
        rest = (
            await svc.client.get(f"{CENTERS}?limit=2&cursor={cursor}", headers=svc.auth(*CATALOG))
        ).json()
        assert [c["id"] for c in first["items"] + rest["items"]] == ids
        assert rest["next_cursor"] is None


async def test_a_product_routes_only_through_known_work_centers(tmp_path: Path) -> None:
    async with running_service("production", tmp_path) as svc:
        wc = await work_center(svc)
        await chair(svc, ("assemble", wc, "1.5"))
        got = await svc.client.get("/v1/products/CHAIR", headers=svc.auth(*CATALOG))
        assert got.json()["routing"] == [
            {"operation": "assemble", "work_center_id": wc, "hours_per_unit": "1.5"}
        ]
        twice = {
            "code": "CHAIR",
            "name": "Chair",
            "quality_standard": "ok",
            "routing": [{"operation": "a", "work_center_id": wc, "hours_per_unit": "1"}],
        }
        dup = await svc.client.post(
            "/v1/products", json=twice, headers={**svc.auth(*CATALOG), **key()}
        )
        assert dup.status_code == 409
        twice["code"] = "STOOL"
        twice["routing"][0]["work_center_id"] = "00000000-0000-0000-0000-000000000009"  # type: ignore[index]
        ghost = await svc.client.post(
            "/v1/products", json=twice, headers={**svc.auth(*CATALOG), **key()}
        )
        assert ghost.status_code == 422
        renamed = await svc.client.patch(
            "/v1/products/CHAIR",
            json={"name": "Oak chair v2"},
            headers={**svc.auth(*CATALOG), "If-Match": '"1"'},
        )
        assert (renamed.status_code, renamed.json()["name"]) == (200, "Oak chair v2")
