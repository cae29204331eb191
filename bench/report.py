"""The run's results as JSON (everything) and markdown (the tables a reader wants)."""

from __future__ import annotations

from typing import Any


def _mark(met: object) -> str:
    return "met" if met else "**missed**"


def _per(total: object, orders: int) -> str:
    return f"{float(total) / max(1, orders):.1f}" if isinstance(total, int | float) else "n/a"


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        "# OrderFlow benchmark report",
        "",
        f"{meta['started']} · {meta['cpus']} CPUs · load average at start {meta['loadavg']} · "
        f"Python {meta['python']} · run took {meta['seconds']} s. The machine is shared "
        "(other stacks and helpers run load too): numbers are noisy, up to about ±2× run to run.",
        "",
    ]
    if "pipeline_run" in meta:  # phase 2 came from a second invocation (`--only pipeline`)
        other = meta["pipeline_run"]
        lines += [
            f"Phase 2 from a second run started {other['started']} (load average "
            f"{other['loadavg']}, {other['seconds']} s).",
            "",
        ]
    if "intake" in results:
        r = results["intake"]
        lines += [
            "## 1. Intake `POST /v1/orders` vs a bare FastAPI + asyncpg insert",
            "",
            f"Closed loop, {r['concurrency']} connections, {r['seconds']} s each, one uvicorn "
            "worker each, same PostgreSQL, same body.",
            "",
            "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | statuses |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name in ("bare", "intake"):
            s = r[name]
            lines.append(
                f"| {name} | {s['per_second']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} "
                f"| {s['statuses']} |"
            )
        lines += [
            "",
            f"Ratio intake/bare: **{r['ratio']:.0%}** (target ≥ 50 %: {_mark(r['met'])}).",
            "",
        ]
    if "pipeline" in results:
        t = results["pipeline"]
        lines += [
            "## 2. Pipeline: submission → approved (seven services, Kafka + PostgreSQL)",
            "",
            f"{t['orders']} checked drafts submitted at concurrency {t['concurrency']} "
            f"(in {t['submit_seconds']} s); approvals read from intake's topic.",
            "",
            "| orders approved | seconds | orders/s | p50 ms | p95 ms | p99 ms "
            "| DB commits/order | Kafka msgs/order |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {t['approved']}/{t['orders']} | {t['seconds']} | **{t['orders_per_second']}** "
            f"| {t['p50_ms']} | {t['p95_ms']} | {t['p99_ms']} | {t['db_commits_per_order']} "
            f"| {_per(t.get('kafka_messages'), t['approved'])} |",
            "",
            f"Target ≥ 200 orders/s: {_mark(t['met'])}.",
            "",
        ]
    if "steady" in results:
        s = results["steady"]
        lines += [
            f"Steady open-loop arrivals at {s['rate']:.0f} orders/s for {s['seconds']} s (each "
            "created and submitted on arrival; latency from the submission's send):",
            "",
            "| approved | p50 ms | p95 ms | p99 ms | failures |",
            "|---:|---:|---:|---:|---|",
            f"| {s['approved']}/{s['orders']} | {s['p50_ms']} | {s['p95_ms']} | **{s['p99_ms']}** "
            f"| {s['failures'] or '-'} |",
            "",
            f"Target p99 < 1 s: {_mark(s['met'])}.",
            "",
        ]
    if "limits" in results:
        lim = results["limits"]
        pg, kafka = lim["postgres"], lim["kafka"]
        lines += [
            "## 3. The machine's limits (same run)",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| PostgreSQL one-row INSERT commits/s (pgbench, {pg['clients']} clients, "
            f"{pg['seconds']} s) | {pg['insert_one_row_tps']} |",
            f"| PostgreSQL simple-update tx/s (pgbench -N) | {pg['simple_update_tps']} |",
            f"| aiokafka produce→consume msgs/s ({kafka['message_bytes']} B, acks=all, "
            f"idempotent) | {kafka['per_second']} |",
        ]
        if "pipeline" in results:
            t = results["pipeline"]
            pg_share = t["db_commits_per_second"] / pg["insert_one_row_tps"]
            kafka_rate = t.get("kafka_messages_per_second") or 0.0
            kafka_share = kafka_rate / kafka["per_second"]
            lines += [
                f"| pipeline DB commits/s (all service databases) | {t['db_commits_per_second']} "
                f"(**{pg_share:.0%}** of pgbench) |",
                "| pipeline Kafka msgs/s (all topics) | "
                + (
                    f"{kafka_rate} (**{kafka_share:.0%}** of aiokafka) |" if kafka_rate else "n/a |"
                ),
            ]
            results["limits"]["pipeline_share"] = {
                "postgres": round(pg_share, 3),
                "kafka": round(kafka_share, 3),
            }
        lines.append("")
    if "embedded" in results:
        e = results["embedded"]
        lines += [
            "## 4. Embedded mode: a 1 000-order demo (SQLite, in-process bus)",
            "",
            "| orders approved | ready s | set-up done s | all submitted s | total s |",
            "|---:|---:|---:|---:|---:|",
            f"| {e['approved']}/{e['orders']} | {e['ready_seconds']} | {e['setup_done_seconds']} "
            f"| {e['all_submitted_seconds']} | **{e['total_seconds']}** |",
            "",
            f"Target < 30 s from a cold start: {_mark(e['met'])}.",
            "",
        ]
    for phase, error in results.get("errors", {}).items():
        lines += [f"**{phase} failed:** `{error}`", ""]
    return "\n".join(lines)
