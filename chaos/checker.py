"""The checker: reads every service's own database and proves each effect happened exactly
once (DESIGN §3 delivery; R-8.1 archive) and every order reached its expected state.

`settle` polls cheap counts until the system is quiet (or a deadline), `check` then
compares event ids: outbox → each subscribed consumer's inbox → reporting's archive."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from chaos.faults import POISON_KEY, POISON_TOPIC
from chaos.stack import SERVICES, Stack
from chaos.subscriptions import consumers_of_topic, handled

EXPECTED_STATUS = "in_production"  # approved, then planned: where automatic steps end


@dataclass
class Check:
    name: str
    expected: str
    found: str
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def _fetch(stack: Stack, service: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(stack.dsn(service))
    try:
        return list(await connection.fetch(sql))
    finally:
        await connection.close()


async def _counts(stack: Stack) -> dict[str, Any]:
    """Cheap numbers that stop moving when the system is quiet."""
    statuses = await _fetch(stack, "intake", "SELECT status, count(*) n FROM orders GROUP BY 1")
    published: Counter[str] = Counter()
    unsent = 0
    inbox: dict[str, int] = {}
    for service in SERVICES:
        for row in await _fetch(
            stack,
            service,
            "SELECT event_type, count(*) n, count(*) FILTER (WHERE sent_at IS NULL) u "
            "FROM outbox GROUP BY 1",
        ):
            published[row["event_type"]] += row["n"]
            unsent += row["u"]
        rows = await _fetch(stack, service, "SELECT count(*) n FROM inbox")
        inbox[service] = rows[0]["n"]
    expected = {c: sum(published[t] for t in types) for c, types in handled().items()}
    return {
        "statuses": {r["status"]: r["n"] for r in statuses},
        "unsent": unsent,
        "inbox": inbox,
        "inbox_expected": expected,
    }


async def settle(
    stack: Stack, orders: int, stall_s: float, cap_s: float
) -> tuple[float, dict[str, Any]]:
    """Poll until every order is in the expected state, nothing is unsent and every inbox
    holds as many events as were published for it. Gives up when the counts have not moved
    for `stall_s` (stuck: the checks will say where) or after `cap_s`; a slow machine that
    is still catching up is waited for. Returns the wait and the last counts."""
    started = moved = time.monotonic()
    last: dict[str, Any] = {}
    while True:
        try:
            counts = await _counts(stack)
        except (OSError, asyncpg.PostgresError) as exc:  # the database is restarting
            counts = {"error": repr(exc)}
        now = time.monotonic()
        if counts != last:
            last, moved = counts, now
        quiet = (
            "error" not in counts
            and counts["statuses"].get(EXPECTED_STATUS, 0) >= orders
            and counts["unsent"] == 0
            and counts["inbox"] == counts["inbox_expected"]
        )
        if quiet or now - moved > stall_s or now - started > cap_s:
            return now - started, counts
        await asyncio.sleep(2)  # poll interval; the stall and cap deadlines bound the wait


def _pairs(rows: Sequence[asyncpg.Record]) -> tuple[int, int]:
    return (rows[0]["n"], rows[0]["d"]) if rows else (0, 0)


async def _once_per_order(
    stack: Stack, service: str, table: str, orders: int, where: str = ""
) -> Check:
    """`table` has exactly one row per order (no missing, no duplicate effect)."""
    sql = f"SELECT count(*) n, count(DISTINCT order_id) d FROM {table} {where}"  # noqa: S608
    total, distinct = _pairs(await _fetch(stack, service, sql))
    label = f"{service}.{table}" + (f" ({where.removeprefix('WHERE ')})" if where else "")
    return Check(
        f"{label}: one row per order",
        f"{orders} rows, {orders} orders",
        f"{total} rows, {distinct} orders",
        total == distinct == orders,
    )


async def _order_checks(stack: Stack, submitted: Sequence[str]) -> list[Check]:
    n = len(submitted)
    rows = await _fetch(stack, "intake", "SELECT id, status FROM orders")
    ids = {r["id"] for r in rows}
    statuses = Counter(r["status"] for r in rows)
    history = await _fetch(
        stack,
        "intake",
        "SELECT transition, count(*) n, count(DISTINCT order_id) d FROM order_history GROUP BY 1",
    )
    twice = [f"{r['transition']} {r['n']}/{r['d']}" for r in history if r["n"] != r["d"]]
    return [
        Check(
            "intake: orders entered once",
            f"{n} orders, the submitted ids",
            f"{len(ids)} orders, {len(ids ^ set(submitted))} ids differ",
            len(rows) == n and ids == set(submitted),
        ),
        Check(
            f"intake: every order {EXPECTED_STATUS}",
            f"{n} {EXPECTED_STATUS}",
            ", ".join(f"{c} {s}" for s, c in statuses.most_common()),
            statuses.get(EXPECTED_STATUS, 0) == n,
        ),
        Check(
            "intake: each transition once per order",
            "no order repeats a transition",
            ", ".join(twice) or ", ".join(f"{r['transition']} {r['n']}" for r in history),
            not twice,
        ),
        await _once_per_order(stack, "review", "review_rounds", n),
        await _once_per_order(stack, "review", "review_rounds", n, "WHERE status = 'approved'"),
        await _once_per_order(stack, "production", "assessments", n),
        await _once_per_order(stack, "production", "capacity_holds", n),
        await _once_per_order(stack, "production", "plans", n),
        await _once_per_order(stack, "procurement", "requisitions", n),
        await _once_per_order(stack, "logistics", "orders", n),
        await _once_per_order(stack, "reporting", "order_files", n),
    ]


async def _delivery_checks(stack: Stack) -> list[Check]:
    outbox: dict[str, str] = {}  # event id -> type, over every producer
    unsent: list[str] = []
    inboxes: dict[str, set[str]] = {}
    for service in SERVICES:
        rows = await _fetch(stack, service, "SELECT event_id, event_type, sent_at FROM outbox")
        outbox.update((r["event_id"], r["event_type"]) for r in rows)
        if left := sum(r["sent_at"] is None for r in rows):
            unsent.append(f"{service} {left}")
        inbox = await _fetch(stack, service, "SELECT consumer, event_id FROM inbox")
        inboxes[service] = {r["event_id"] for r in inbox if r["consumer"] == service}
        if stray := {r["consumer"] for r in inbox} - {service}:
            unsent.append(f"{service} inbox has consumers {sorted(stray)}")
    checks = [
        Check(
            "outbox: every event published", "0 unsent", ", ".join(unsent) or "0 unsent", not unsent
        )
    ]
    for consumer, types in handled().items():
        wanted = {e for e, t in outbox.items() if t in types}
        got = inboxes[consumer]
        checks.append(
            Check(
                f"inbox {consumer}: each subscribed event once",
                f"{len(wanted)} event ids",
                f"{len(got)} ids, {len(wanted - got)} missing, {len(got - wanted)} unknown",
                wanted == got,
            )
        )
    archive = await _fetch(stack, "reporting", "SELECT event_id FROM archive")
    archived = Counter(r["event_id"] for r in archive)
    checks.append(
        Check(
            "reporting archive: every event once (R-8.1)",
            f"{len(outbox)} events",
            f"{len(archived)} ids, {sum(c > 1 for c in archived.values())} repeated, "
            f"{len(set(outbox) - set(archived))} missing",
            set(archived) == set(outbox) and len(archive) == len(outbox),
        )
    )
    return checks


async def _dead_letter_checks(stack: Stack, poison: int) -> list[Check]:
    expected = {c: poison for c in consumers_of_topic(POISON_TOPIC)}
    found: dict[str, int] = {}
    foreign: list[str] = []
    for service in SERVICES:
        rows = await _fetch(stack, service, "SELECT consumer, message_key, error FROM dead_letters")
        for r in rows:
            if (r["message_key"] or "").startswith(POISON_KEY):
                found[r["consumer"]] = found.get(r["consumer"], 0) + 1
            else:
                foreign.append(f"{r['consumer']}: {r['message_key']} {r['error'][:80]}")
    return [
        Check(
            "dead letters: exactly the poison records",
            ", ".join(f"{c} {n}" for c, n in sorted(expected.items())) or "none",
            ", ".join(f"{c} {n}" for c, n in sorted(found.items())) or "none",
            found == {c: n for c, n in expected.items() if n} and not foreign,
        ),
        Check(
            "dead letters: none but poison",
            "0 other",
            f"{len(foreign)} other" + (f" (first: {foreign[0]})" if foreign else ""),
            not foreign,
        ),
    ]


async def _dlq_partitions(stack: Stack) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([f"orderflow.{s}.dlq" for s in SERVICES])
    finally:
        await admin.close()
    return [
        TopicPartition(topic["topic"], partition["partition"])
        for topic in described
        for partition in topic["partitions"]
    ]


async def _dlq_records(stack: Stack) -> list[tuple[str, str]]:
    """(topic, key) of every record on every `orderflow.<consumer>.dlq` topic."""
    partitions = await _dlq_partitions(stack)
    kafka = AIOKafkaConsumer(bootstrap_servers=stack.bootstrap, enable_auto_commit=False)
    await kafka.start()
    try:
        kafka.assign(partitions)
        await kafka.seek_to_beginning(*partitions)
        ends = await kafka.end_offsets(partitions)
        found: list[tuple[str, str]] = []
        deadline = time.monotonic() + 60

        async def behind() -> bool:
            return any([await kafka.position(tp) < end for tp, end in ends.items()])

        while await behind() and time.monotonic() < deadline:
            batches = await kafka.getmany(timeout_ms=1000)
            for tp, records in batches.items():
                found += [(tp.topic, (r.key or b"").decode(errors="replace")) for r in records]
        return found
    finally:
        await kafka.stop()


async def _dlq_topic_check(stack: Stack, poison: int) -> Check:
    """The DLQ topics (the record of truth) carry poison only; a redelivered poison record
    may appear twice there (dead-lettered, then the offset commit lost), never another."""
    records = await _dlq_records(stack)
    other = [f"{t} {k}" for t, k in records if not k.startswith(POISON_KEY)]
    topics = {f"orderflow.{c}.dlq" for c in consumers_of_topic(POISON_TOPIC)}
    covered = {t for t, k in records if k.startswith(POISON_KEY)}
    return Check(
        "DLQ topics: poison only",
        f"poison on {len(topics)} topics, nothing else",
        f"{len(records) - len(other)} poison on {len(covered)} topics, {len(other)} other",
        not other and covered == topics,
    )


async def check(stack: Stack, submitted: Sequence[str], poison: int) -> list[Check]:
    """Every check, in report order."""
    return [
        *await _order_checks(stack, submitted),
        *await _delivery_checks(stack),
        *await _dead_letter_checks(stack, poison),
        await _dlq_topic_check(stack, poison),
    ]
