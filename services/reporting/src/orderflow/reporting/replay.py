"""Rebuild every read model from the archive: `python -m orderflow.reporting.replay`.

The archive is the truth (R-8.1); read models are derived and can be thrown away. The
rebuild runs in one transaction, so readers see the old figures or the new, never half.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from orderflow.contracts import decode
from orderflow.reporting import store
from orderflow.reporting.main import DEFINITION
from orderflow.reporting.models import archive
from orderflow.reporting.settings import ReportingSettings
from orderflow.runtime import migrations
from orderflow.runtime.db import create_engine, session_factory
from orderflow.runtime.settings import load_settings

BATCH = 1000


async def rebuild(engine: AsyncEngine, advance: Callable[[int], None] = lambda _: None) -> int:
    """Empty the read models and apply every archived event in archive order; the count."""
    done = 0
    async with session_factory(engine)() as session, session.begin():
        await store.clear_read_models(session)
        last = 0
        while True:
            query = (
                select(archive.c.seq, archive.c.body)
                .where(archive.c.seq > last)
                .order_by(archive.c.seq)
                .limit(BATCH)
            )
            rows = (await session.execute(query)).all()
            if not rows:
                return done
            for seq, body in rows:
                await store.apply(session, decode(body.encode()))
                last = seq
            done += len(rows)
            advance(len(rows))


async def archived(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(archive)) or 0)


async def run(settings: ReportingSettings) -> int:
    engine = create_engine(settings.database_url)
    try:
        await migrations.upgrade(engine, DEFINITION.migrations, DEFINITION.metadata)
        total = await archived(engine)
        columns = (
            TextColumn("replaying the archive"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns) as progress:
            task = progress.add_task("replay", total=total)
            return await rebuild(engine, lambda n: progress.advance(task, n))
    finally:
        await engine.dispose()


def main() -> None:
    count = asyncio.run(run(load_settings(ReportingSettings)))
    print(f"reporting: read models rebuilt from {count} archived events")


if __name__ == "__main__":
    main()
