"""`orderflow up`: all seven services on one port, Ctrl-C stops cleanly, a restart works."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from orderflow.cli.catalog import SERVICES
from tests.support import processes

pytestmark = pytest.mark.integration


async def test_up_serves_every_service_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    for run in ("first start", "restart on the same data"):
        port = processes.free_port()
        base = f"http://127.0.0.1:{port}"
        proc = await processes.start(
            "up", "--port", str(port), "--data-dir", str(tmp_path / "data")
        )
        try:
            await processes.wait_ready(proc, f"{base}/intake/readyz")
            async with httpx.AsyncClient(base_url=base) as client:
                index = (await client.get("/")).json()
                assert set(index["services"]) == set(SERVICES), run
                for name in SERVICES:
                    ready = await client.get(f"/{name}/readyz")
                    assert ready.status_code == 200, (run, name, ready.text)
                    docs = await client.get(f"/{name}/openapi.json")
                    assert docs.json()["info"]["title"].startswith("OrderFlow"), (run, name)
        finally:
            await processes.interrupt(proc)
    assert {p.name for p in (tmp_path / "data").iterdir()} >= {
        f"{name}.sqlite3" for name in SERVICES
    }
