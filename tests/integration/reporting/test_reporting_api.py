"""Reporting through its real app: archive, order file, KPIs, analytics, access (R-8, R-9)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from orderflow.contracts import event_types
from orderflow.reporting import replay
from tests.integration.reporting.helpers import MANAGER_SCOPES, feed, read_models
from tests.support.service_app import RunningService, running_service
from tests.unit.reporting import story

pytestmark = pytest.mark.integration


async def kpis_by_name(svc: RunningService, **params: str) -> dict[str, Any]:
    answer = await svc.client.get(
        "/v1/kpis", params={**story.PERIOD, **params}, headers=svc.auth(*MANAGER_SCOPES)
    )
    assert answer.status_code == 200, answer.text
    return {k["name"]: k for k in answer.json()["kpis"]}


async def test_kpis_equal_the_hand_computed_figures_with_every_event_delivered_twice(
    tmp_path: Path,
) -> None:
    """R-9.3 on the fixture; R-8.1 a redelivered event is archived and counted once."""
    async with running_service("reporting", tmp_path) as svc:
        events = story.story()
        await feed(svc, events)
        await feed(svc, events)
        found = await kpis_by_name(svc)
        for name, expected in story.EXPECTED_KPIS.items():
            assert found[name]["company"]["value"] == pytest.approx(expected, abs=1e-4), name
        on_time = found["on_time_rate"]
        departments = {k: v["value"] for k, v in on_time["by_department"].items()}
        assert departments == story.EXPECTED_ON_TIME_BY_DEPARTMENT
        people = {k: on_time["by_person"][k]["value"] for k in story.EXPECTED_ON_TIME_BY_PERSON}
        assert people == story.EXPECTED_ON_TIME_BY_PERSON
        async with svc.state.engine.connect() as conn:
            archived = await conn.scalar(text("SELECT count(*) FROM archive"))
        assert archived == len(events)


async def test_kpis_for_one_department_and_the_definitions_in_the_api_docs(tmp_path: Path) -> None:
    async with running_service("reporting", tmp_path) as svc:
        await feed(svc, story.story())
        logistics = await kpis_by_name(svc, department="logistics")
        assert logistics["on_time_rate"]["company"]["value"] == 0.5
        tom = await kpis_by_name(svc, person="tom")
        assert tom["on_time_rate"]["company"] == {
            "value": 1.0,
            "numerator": 1.0,
            "denominator": 1.0,
        }
        docs = (await svc.client.get("/openapi.json")).json()
        described = docs["paths"]["/v1/kpis"]["get"]["description"]
        for name in story.EXPECTED_KPIS:
            assert f"**{name}**" in described


async def test_analytics_as_json_and_csv(tmp_path: Path) -> None:
    """R-8.2: volume by period and channel, customers, efficiency, after-sales; CSV alike."""
    async with running_service("reporting", tmp_path) as svc:
        await feed(svc, story.story())
        headers = svc.auth(*MANAGER_SCOPES)

        async def get(path: str, **params: str) -> dict[str, object]:
            answer = await svc.client.get(path, params={**story.PERIOD, **params}, headers=headers)
            assert answer.status_code == 200, answer.text
            body: dict[str, object] = answer.json()
            return body

        weekly = await get("/v1/analytics/volume", granularity="week")
        assert weekly["rows"] == [{"period": "2026-11-02", "orders": 2, "revenue": "1500.00"}]
        by_region = await get("/v1/analytics/volume/by/region")
        assert by_region["rows"] == [
            {"region": "DE-BY", "orders": 1, "revenue": "1000.00"},
            {"region": "DE-BE", "orders": 1, "revenue": "500.00"},
        ]
        customers = await get("/v1/analytics/customers")
        assert customers["repeat_purchase_rate"] == 1.0
        assert customers["rows"] == [
            {
                "customer_id": str(story.C1),
                "recency_days": 13,
                "frequency": 2,
                "monetary": "1500.00",
                "first_order_on": "2026-11-02",
                "last_order_on": "2026-11-03",
            }
        ]
        efficiency = await get("/v1/analytics/efficiency")
        assert efficiency["slowest_stage"] == "production"
        trends = await get("/v1/analytics/aftersales", granularity="month")
        assert trends["rows"] == [
            {
                "period": "2026-11-01",
                "tickets_opened": 2,
                "tickets_resolved": 1,
                "mean_resolution_hours": "6.0000",
                "first_response_on_time_rate": "0.5000",
                "claims_opened": 1,
                "satisfaction": "4.5000",
            }
        ]
        as_csv = await svc.client.get(
            "/v1/analytics/volume/by/channel",
            params={**story.PERIOD, "format": "csv"},
            headers=headers,
        )
        assert as_csv.headers["content-type"].startswith("text/csv")
        assert list(csv.DictReader(io.StringIO(as_csv.text))) == [
            {"channel": "website", "orders": "1", "revenue": "1000.00"},
            {"channel": "phone", "orders": "1", "revenue": "500.00"},
        ]


async def test_order_file_and_timeline_in_time_order(tmp_path: Path) -> None:
    """R-8.1: every record of every stage of one order, who, when, what, in time order."""
    async with running_service("reporting", tmp_path) as svc:
        # Partitions interleave: only the order within one key (order, ticket) is kept.
        await feed(svc, [*story.tickets(), *story.order_c(), *story.order_b(), *story.order_a()])
        headers = svc.auth("reporting:orders:read")
        answer = await svc.client.get(f"/v1/orders/{story.ORDER_A}/timeline", headers=headers)
        assert answer.status_code == 200
        timeline = answer.json()
        times = [entry["occurred_at"] for entry in timeline]
        assert times == sorted(times)
        assert len(timeline) == 20
        assert timeline[0]["who"] == "sally"
        assert timeline[0]["event_type"] == "order.created"
        assert timeline[0]["occurred_at"] == "2026-11-02T08:00:00Z"
        assert any(e["who"] == "fred" and "finance: pass" in e["what"] for e in timeline)
        file = (await svc.client.get(f"/v1/orders/{story.ORDER_A}/file", headers=headers)).json()
        assert file["order"]["status"] == "delivered"
        assert file["order"]["total"] == "1000.00"
        recorded = [r["record"]["event_id"] for r in file["records"]]
        assert recorded == [e["event_id"] for e in timeline]
        listed = (await svc.client.get("/v1/orders", params={"limit": 2}, headers=headers)).json()
        assert len(listed["items"]) == 2
        assert listed["next_cursor"] is not None
        rest = await svc.client.get(
            "/v1/orders", params={"limit": 2, "cursor": listed["next_cursor"]}, headers=headers
        )
        ids = {o["order_id"] for o in listed["items"] + rest.json()["items"]}
        assert ids == {str(story.ORDER_A), str(story.ORDER_B), str(story.ORDER_C)}
        one_day = {"received_from": "2026-11-03", "received_to": "2026-11-03"}
        that_day = (await svc.client.get("/v1/orders", params=one_day, headers=headers)).json()
        assert [o["order_id"] for o in that_day["items"]] == [str(story.ORDER_B)]
        cancelled = {"status": "cancelled"}
        found = (await svc.client.get("/v1/orders", params=cancelled, headers=headers)).json()
        assert [o["order_id"] for o in found["items"]] == [str(story.ORDER_C)]


async def test_access_is_scoped_and_customers_see_only_their_own_orders(tmp_path: Path) -> None:
    """R-8.4: managers by scope; a customer sees its own order file, 404 for another's."""
    async with running_service("reporting", tmp_path) as svc:
        await feed(svc, story.story())
        client = svc.client
        assert (await client.get("/v1/kpis")).status_code == 401
        wrong = svc.auth("reporting:orders:read")
        assert (await client.get("/v1/kpis", headers=wrong)).status_code == 403
        assert (await client.get("/v1/dashboard", headers=wrong)).status_code == 403
        scopes = ("reporting:orders:read", "reporting:kpis:read")
        c2 = svc.auth(*scopes, kind="customer", customer_id=str(story.C2))
        assert (await client.get(f"/v1/orders/{story.ORDER_C}/file", headers=c2)).status_code == 200
        other = await client.get(f"/v1/orders/{story.ORDER_A}/file", headers=c2)
        assert other.status_code == 404
        assert other.headers["content-type"] == "application/problem+json"
        listed = (await client.get("/v1/orders", headers=c2)).json()["items"]
        assert [o["order_id"] for o in listed] == [str(story.ORDER_C)]
        assert (await client.get("/v1/kpis", headers=c2)).status_code == 403
        backwards = {"from": "2026-12-01", "to": "2026-11-01"}
        bad = await client.get("/v1/kpis", params=backwards, headers=svc.auth(*MANAGER_SCOPES))
        assert bad.status_code == 422


async def test_the_archive_refuses_update_and_delete_and_takes_every_event_type(
    tmp_path: Path,
) -> None:
    """R-8.1, R-8.3: append-only even for the application's own connection."""
    async with running_service("reporting", tmp_path) as svc:
        assert svc.state.consumer is not None
        assert set(svc.state.consumer.handlers) == set(event_types())
        await feed(svc, story.story()[:1])
        for statement in ("UPDATE archive SET event_type = 'x'", "DELETE FROM archive"):
            with pytest.raises(DBAPIError, match="append-only"):
                async with svc.state.engine.begin() as conn:
                    await conn.execute(text(statement))
        async with svc.state.engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM archive")) == 1


async def test_replay_rebuilds_read_models_equal_to_the_incremental_ones(tmp_path: Path) -> None:
    """Replay from the archive gives exactly the read models built event by event."""
    async with running_service("reporting", tmp_path) as svc:
        events = story.story()
        await feed(svc, events + events[:5])
        incremental = await read_models(svc.state.engine)
        assert incremental["measures"]
        replayed_count = await replay.rebuild(svc.state.engine)
        assert replayed_count == len(events)
        assert await read_models(svc.state.engine) == incremental


async def test_every_company_figure_endpoint_is_for_staff_with_the_scope(tmp_path: Path) -> None:
    """R-8.4: analytics and KPIs refuse customers and callers without the scope."""
    paths = {
        "/v1/kpis": "reporting:kpis:read",
        "/v1/dashboard": "reporting:dashboard:read",
        "/v1/analytics/volume": "reporting:analytics:read",
        "/v1/analytics/volume/by/product": "reporting:analytics:read",
        "/v1/analytics/customers": "reporting:analytics:read",
        "/v1/analytics/efficiency": "reporting:analytics:read",
        "/v1/analytics/aftersales": "reporting:analytics:read",
    }
    async with running_service("reporting", tmp_path) as svc:
        customer = svc.auth(*MANAGER_SCOPES, kind="customer", customer_id=str(story.C1))
        for path, scope in paths.items():
            others = [s for s in MANAGER_SCOPES if s != scope]
            assert (await svc.client.get(path, headers=svc.auth(*others))).status_code == 403
            assert (await svc.client.get(path, headers=customer)).status_code == 403
            assert (await svc.client.get(path, headers=svc.auth(scope))).status_code == 200
