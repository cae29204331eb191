"""`python -m orderflow.reporting.replay`: the operator's rebuild from the archive."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.integration.reporting.helpers import feed, read_models
from tests.support.service_app import running_service
from tests.unit.reporting import story

pytestmark = pytest.mark.integration


async def test_the_replay_command_rebuilds_lost_read_models_equal_to_the_incremental_ones(
    tmp_path: Path,
) -> None:
    async with running_service("reporting", tmp_path) as svc:
        await feed(svc, story.story())
        incremental = await read_models(svc.state.engine)
        async with svc.state.engine.begin() as conn:  # an operator lost the read models
            for table in ("measures", "timeline", "order_files"):
                await conn.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed names
        assert await read_models(svc.state.engine) != incremental
        env = {**os.environ, "ORDERFLOW_REPORTING_DATABASE_URL": svc.state.settings.database_url}
        command = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "orderflow.reporting.replay",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(command.communicate(), timeout=120)
        assert command.returncode == 0, output.decode()
        assert f"rebuilt from {len(story.story())} archived events" in output.decode()
        assert await read_models(svc.state.engine) == incremental
