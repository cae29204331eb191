"""The operations dashboard in headless Chromium: its figures are the API's (R-8.2, R-9.3)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.async_api import Page, async_playwright

from tests.integration.reporting.helpers import MANAGER_SCOPES, feed
from tests.support.required import skip_or_fail
from tests.support.service_app import RunningService, running_service
from tests.unit.reporting import story

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@asynccontextmanager
async def served(svc: RunningService) -> AsyncIterator[str]:
    """The service under `/reporting` (its public prefix) with uvicorn on a free loopback port."""
    root = FastAPI()
    root.mount("/reporting", svc.app)  # its lifespan already runs in running_service
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(root, lifespan="off", log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/reporting"
    finally:
        server.should_exit = True
        await task
        sock.close()


def shown(kpi: dict[str, object]) -> str:
    """How the page prints a KPI: rates as percent with one decimal, others with two."""
    value = kpi["company"]["value"]  # type: ignore[index]
    if value is None:
        return "–"
    return f"{value * 100:.1f}%" if kpi["unit"] == "rate" else f"{value:.2f}"


async def texts(page: Page, selector: str) -> list[str]:
    return [t.strip() for t in await page.locator(selector).all_inner_texts()]


async def test_dashboard_shows_the_apis_figures_search_and_a_timeline(tmp_path: Path) -> None:
    """Seeded orders; the page's KPIs, trend rows, search and timeline equal the API's."""
    if not os.path.exists(CHROMIUM):  # noqa: ASYNC240 - a one-off check before the test
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    async with running_service("reporting", tmp_path) as svc:
        await feed(svc, story.story())
        headers = svc.auth(*MANAGER_SCOPES, subject="manager")
        api_kpis = (await svc.client.get("/v1/kpis", params=story.PERIOD, headers=headers)).json()
        volume = (
            await svc.client.get("/v1/analytics/volume", params=story.PERIOD, headers=headers)
        ).json()["rows"]
        timeline = (
            await svc.client.get(f"/v1/orders/{story.ORDER_C}/timeline", headers=headers)
        ).json()
        async with served(svc) as base, async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context(extra_http_headers=headers)
            page = await context.new_page()
            query = f"from={story.PERIOD['from']}&to={story.PERIOD['to']}"
            await page.goto(f"{base}/v1/dashboard?{query}")

            for kpi in api_kpis["kpis"]:
                value = page.get_by_test_id(f"kpi-value-{kpi['name']}")
                assert (await value.inner_text()).strip() == shown(kpi), kpi["name"]
            rows = page.get_by_test_id("volume-row")
            assert await rows.count() == len(volume)
            for row, expected in zip(await rows.all(), volume, strict=True):
                cells = [c.strip() for c in await row.locator("td").all_inner_texts()]
                assert cells == [expected["period"], str(expected["orders"]), expected["revenue"]]
            assert await page.get_by_test_id("revenue-chart").locator("rect").count() == len(volume)
            assert await page.get_by_test_id("order-row").count() == 3
            await page.screenshot(path=tmp_path / "dashboard.png", full_page=True)

            await page.get_by_label("search orders").fill(str(story.C2))
            await page.get_by_role("button", name="Search").click()
            await page.wait_for_url("**q=*")
            assert await page.get_by_test_id("order-row").count() == 1
            await page.get_by_role("link", name=str(story.ORDER_C)).click()
            await page.wait_for_url(f"**order={story.ORDER_C}*")
            who_what = await texts(page, "[data-testid=timeline-row] td:nth-child(3)")
            assert who_what == [entry["what"] for entry in timeline]
            await page.screenshot(path=tmp_path / "dashboard-timeline.png", full_page=True)
            await browser.close()
    keep_screenshots(tmp_path, ("dashboard.png", "dashboard-timeline.png"))


def keep_screenshots(tmp_path: Path, shots: tuple[str, ...]) -> None:
    """Screenshots are real images; CI collects them from ORDERFLOW_ARTIFACTS_DIR if set."""
    for shot in shots:
        assert (tmp_path / shot).stat().st_size > 10_000
        if artifacts := os.environ.get("ORDERFLOW_ARTIFACTS_DIR"):
            Path(artifacts).mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp_path / shot, Path(artifacts) / f"reporting-{shot}")


async def test_dashboard_needs_the_dashboard_scope(tmp_path: Path) -> None:
    """R-8.4: the page is for managers and supervisors only."""
    async with running_service("reporting", tmp_path) as svc:
        no_scope = await svc.client.get("/v1/dashboard", headers=svc.auth("reporting:kpis:read"))
        assert no_scope.status_code == 403
        customer = svc.auth("reporting:dashboard:read", kind="customer", customer_id=str(story.C1))
        assert (await svc.client.get("/v1/dashboard", headers=customer)).status_code == 403
