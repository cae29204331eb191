"""Fixtures for real PostgreSQL and Kafka: from the environment (CI), else testcontainers
where Docker runs, else a visible skip — which fails the run when integration is required."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.e2e import chaos_run
from tests.support.databases import fresh_database
from tests.support.required import skip_or_fail


def _docker_running() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL URL (asyncpg) whose user may create databases."""
    url = os.environ.get("ORDERFLOW_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    if not _docker_running():
        skip_or_fail("no ORDERFLOW_TEST_POSTGRES_URL and no Docker engine for testcontainers")
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:16", driver="asyncpg") as container:
        yield container.get_connection_url()


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """Bootstrap servers of a real Apache Kafka broker."""
    servers = os.environ.get("ORDERFLOW_TEST_KAFKA_BOOTSTRAP")
    if servers:
        yield servers
        return
    if not _docker_running():
        skip_or_fail("no ORDERFLOW_TEST_KAFKA_BOOTSTRAP and no Docker engine for testcontainers")
    from testcontainers.kafka import KafkaContainer

    with KafkaContainer("apache/kafka:4.1.1").with_kraft() as container:
        yield container.get_bootstrap_server()


@pytest.fixture
async def postgres_url(postgres_admin_url: str) -> AsyncIterator[str]:
    """A fresh, empty database for one test."""
    async with fresh_database(postgres_admin_url) as url:
        yield url


@pytest.hookimpl(trylast=True)  # after -k/-m deselection: only a selected chaos test starts
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chaos_run.start_beside_the_suite(config, items)


def pytest_unconfigure(config: pytest.Config) -> None:
    chaos_run.stop_if_running(config)
