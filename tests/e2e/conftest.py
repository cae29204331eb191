"""The e2e suite runs as a client would, against both modes: `orderflow up` (embedded) and
the distributed topology behind its proxy (`deploy/topology.sh`, ORDERFLOW_TEST_BASE_URL)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support import processes
from tests.support.required import skip_or_fail


@pytest.fixture(params=["embedded", "distributed"])
async def base_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "distributed":
        url = os.environ.get("ORDERFLOW_TEST_BASE_URL")
        if not url:
            skip_or_fail(
                "no ORDERFLOW_TEST_BASE_URL: start deploy/topology.sh for the distributed run"
            )
        yield str(url).rstrip("/")
        return
    port = processes.free_port()
    url = f"http://127.0.0.1:{port}"
    proc = await processes.start("up", "--port", str(port), "--data-dir", str(tmp_path / "data"))
    try:
        await processes.wait_ready(proc, f"{url}/reporting/readyz")
        yield url
    finally:
        await processes.interrupt(proc)
