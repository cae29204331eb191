"""Canary PII (issue 10, R-8.3, DESIGN §7): a buyer's personal data, marked with a unique
canary, is readable through intake's API to staff who may see it — and found nowhere else in
clear: not in any service's database (intake's included: there it is ciphertext), not in
any Kafka message or outbox event, not in any log line. Both modes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy.engine import make_url

from tests.e2e.abuse import SERVICES
from tests.e2e.conftest import embedded_data, embedded_log
from tests.e2e.flow import Client, eventually, token
from tests.e2e.test_abuse import victim_of
from tests.support.required import skip_or_fail

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REPORTING = token("auditor-e2e", "reporting:orders:read")


def canary_contact(token: str) -> dict[str, str]:
    return {
        "email": f"canary-{token}@example.test",
        "first_name": f"Canary{token}",
        "last_name": f"Zebra{token}",
        "phone": f"+49151{int(token, 16) % 10**8:08d}",
        "address1": f"Kanarienweg {token}",
    }


async def test_canary_pii_is_ciphertext_in_intake_and_nowhere_else(
    base_url: str, mode: str, tmp_path: Path
) -> None:
    canary = uuid.uuid4().hex[:12]
    phone = canary_contact(canary)["phone"]
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        victim = await victim_of(http, canary_contact(canary))
        client = Client(http)
        order_id = victim.ids["order_id"]
        contact = await client.get(f"/intake/v1/orders/{order_id}/delivery-contact", client.sales)
        assert canary in str(contact), contact  # intake has it, and gives it to staff
        assert phone in str(contact), contact
        await archived(client, order_id)

    needles = (canary.encode(), phone.encode())
    if mode == "embedded":
        places = embedded_places(tmp_path)
    else:
        places = [*await postgres_places(), *await kafka_places(), *topology_logs()]
    assert len(places) > len(SERVICES), places[:3]
    found = [name for name, data in places if any(n in data for n in needles)]
    assert not found, f"canary PII in clear in: {found}"


async def archived(client: Client, order_id: str) -> None:
    """Wait until reporting has the order's approval: the events went everywhere."""

    async def approved_in_archive() -> bool:
        timeline = await client.http.get(
            f"/reporting/v1/orders/{order_id}/timeline", headers=REPORTING
        )
        return timeline.status_code == 200 and "approved" in timeline.text

    await eventually(approved_in_archive, what="the approval in the archive")


def embedded_places(tmp_path: Path) -> list[tuple[str, bytes]]:
    """Every SQLite file (WAL included) and the process's log."""
    files = [p for p in embedded_data(tmp_path).rglob("*") if p.is_file()]
    return [(str(p.name), p.read_bytes()) for p in [*files, embedded_log(tmp_path)]]


async def postgres_places() -> list[tuple[str, bytes]]:
    """Every row of every table of every service's database, as text."""
    url = os.environ.get("ORDERFLOW_TEST_POSTGRES_URL")
    if not url:
        skip_or_fail("ORDERFLOW_TEST_POSTGRES_URL is not set: the topology's databases")
    server = make_url(str(url))
    places = []
    for service in SERVICES:
        conn = await asyncpg.connect(
            host=server.host,
            port=server.port,
            user=server.username,
            password=server.password,
            database=service,
        )
        try:
            tables = await conn.fetch(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            for table in tables:
                name = table["table_name"]
                rows = await conn.fetch(f'SELECT t::text AS row FROM "{name}" AS t')  # noqa: S608
                places.append((f"{service}.{name}", "\n".join(r["row"] for r in rows).encode()))
        finally:
            await conn.close()
    return places


async def kafka_places() -> list[tuple[str, bytes]]:
    """Every message (value and headers) of every OrderFlow topic, from the beginning."""
    bootstrap = os.environ.get("ORDERFLOW_TEST_KAFKA_BOOTSTRAP")
    if not bootstrap:
        skip_or_fail("ORDERFLOW_TEST_KAFKA_BOOTSTRAP is not set: the topology's broker")
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        topics = [t for t in await consumer.topics() if t.startswith("orderflow.")]
        consumer.subscribe(topics)  # loads the topics' partitions into the metadata
        await consumer.getmany(timeout_ms=1)
        consumer.unsubscribe()
        partitions = [
            TopicPartition(t, p) for t in topics for p in consumer.partitions_for_topic(t) or ()
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        chunks: dict[str, list[bytes]] = {t: [] for t in topics}
        remaining = {tp for tp in partitions if ends[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=5000)
            assert batch, f"Kafka stopped answering with {len(remaining)} partitions unread"
            for tp, records in batch.items():
                for record in records:
                    chunks[tp.topic].append(record.value or b"")
                    chunks[tp.topic].extend(v for _, v in record.headers)
                    if record.offset + 1 >= ends[tp]:
                        remaining.discard(tp)
        return [(f"kafka:{t}", b"\n".join(c)) for t, c in chunks.items()]
    finally:
        await consumer.stop()


def topology_logs() -> Iterator[tuple[str, bytes]]:
    """The distributed services' and the proxy's logs (deploy/topology.sh)."""
    var = Path(os.environ.get("ORDERFLOW_VAR", ROOT / "var")) / "topology"
    logs = sorted(var.glob("*.log"))
    if not logs:
        skip_or_fail(f"no topology logs under {var}")
    return ((f"log:{p.name}", p.read_bytes()) for p in logs)
